import {
  attributesFromPrefixedHeaders,
  CLOUDEVENTS_JSON,
  cloudEventOf,
  decodeStructuredCloudEvent,
  encodeStructuredCloudEvent,
  isStructuredCloudEvent,
  messageOfCloudEvent,
  prefixedAttributeHeaders,
  type TransportMessage,
  type WireFormat,
} from '@pragmatic-messaging/core';
import type { Message, Options } from 'amqplib';

/**
 * CloudEvents on RabbitMQ, per the AMQP protocol binding (written for AMQP 1.0; on 0-9-1 the message headers play
 * the role of the application properties): binary mode puts every attribute in a `cloudEvents_` header (the
 * separator the binding prefers; `cloudEvents:` is read too) and `datacontenttype` in the content-type property;
 * structured mode sends the JSON event format with content type `application/cloudevents+json`. The AMQP
 * message-id, type and timestamp properties stay set, for RabbitMQ's own tools.
 */
const WRITTEN_PREFIX = 'cloudEvents_';
const READ_PREFIXES = ['cloudEvents_', 'cloudEvents:'];

export function cloudEventPublication(
  message: TransportMessage,
  format: Exclude<WireFormat, 'native'>,
  options: Options.Publish,
  internal: Readonly<Record<string, string>>,
): { readonly content: Buffer; readonly options: Options.Publish } {
  const { attributes, headers } = cloudEventOf(message);
  if (format === 'cloudevents-structured') {
    return {
      content: Buffer.from(encodeStructuredCloudEvent(attributes, message.body)),
      options: { ...options, contentType: CLOUDEVENTS_JSON, headers: { ...headers, ...internal } },
    };
  }
  return {
    content: Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength),
    options: {
      ...options,
      contentType: attributes.datacontenttype,
      headers: { ...headers, ...internal, ...prefixedAttributeHeaders(attributes, WRITTEN_PREFIX) },
    },
  };
}

/**
 * The envelope of a RabbitMQ message that is a CloudEvent in either mode, or undefined for any other. `headers`
 * are the message's headers as text, without the transport's own; a structured event that cannot be read is left
 * to the native path, whose content type then dead-letters it with the reason.
 */
export function messageOfCloudEventDelivery(
  amqp: Message,
  headers: Readonly<Record<string, string>>,
  topic: string,
): TransportMessage | undefined {
  const contentType = amqp.properties.contentType as string | undefined;
  const body = new Uint8Array(amqp.content.buffer, amqp.content.byteOffset, amqp.content.byteLength);
  if (isStructuredCloudEvent(contentType)) {
    try {
      const decoded = decodeStructuredCloudEvent(body);
      return messageOfCloudEvent(decoded.attributes, {
        format: 'cloudevents-structured',
        topic,
        body: decoded.body,
        headers,
      });
    } catch {
      return undefined;
    }
  }
  if (!READ_PREFIXES.some((prefix) => headers[`${prefix}specversion`] !== undefined)) return undefined;
  const { attributes, rest } = attributesFromPrefixedHeaders(headers, READ_PREFIXES);
  if (contentType !== undefined) attributes.datacontenttype = contentType;
  return messageOfCloudEvent(attributes, { format: 'cloudevents-binary', topic, body, headers: rest });
}
