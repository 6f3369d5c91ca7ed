import {
  AMQP_CLOUDEVENTS_PREFIXES,
  decodeCloudEvent,
  encodeCloudEvent,
  type TransportMessage,
  type WireFormat,
} from '@pragmatic-messaging/core';
import type { Message, Options } from 'amqplib';

/**
 * CloudEvents on RabbitMQ, per the AMQP protocol binding (written for AMQP 1.0; on 0-9-1 the headers table plays
 * the role of the application properties): binary mode puts every attribute in a `cloudEvents_` header and
 * `datacontenttype` in the content-type property; structured mode sends the JSON event format with content type
 * `application/cloudevents+json`. The message-id, type and timestamp properties stay set, for RabbitMQ's tools.
 */
export function cloudEventPublication(
  message: TransportMessage,
  format: Exclude<WireFormat, 'native'>,
  options: Options.Publish,
  internal: Readonly<Record<string, string>>,
): { readonly content: Buffer; readonly options: Options.Publish } {
  const { contentType, body, headers } = encodeCloudEvent(message, format, AMQP_CLOUDEVENTS_PREFIXES.written);
  return {
    content: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    options: { ...options, contentType, headers: { ...headers, ...internal } },
  };
}

/** The envelope of a delivery that is a CloudEvent in either mode, or undefined; `headers` as text, without ours. */
export function messageOfCloudEventDelivery(
  amqp: Message,
  headers: Readonly<Record<string, string>>,
  topic: string,
): TransportMessage | undefined {
  const body = new Uint8Array(amqp.content.buffer, amqp.content.byteOffset, amqp.content.byteLength);
  const contentType = amqp.properties.contentType as string | undefined;
  return decodeCloudEvent({ contentType, body, headers }, topic, AMQP_CLOUDEVENTS_PREFIXES.read);
}
