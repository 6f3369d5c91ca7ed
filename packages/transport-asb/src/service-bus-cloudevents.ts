import type { ServiceBusMessage } from '@azure/service-bus';
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

/**
 * CloudEvents on Service Bus, which is AMQP 1.0, per the AMQP protocol binding: binary mode puts every attribute
 * in a `cloudEvents_` application property (the separator the binding prefers, and the one JMS selectors and
 * Service Bus SQL rules accept; `cloudEvents:` is read too) and `datacontenttype` in the content-type property;
 * structured mode sends the JSON event format with content type `application/cloudevents+json`. Message id,
 * subject (the subscriptions' rules route on it), session id and `to` stay what they are in the native mode.
 */
const WRITTEN_PREFIX = 'cloudEvents_';
const READ_PREFIXES = ['cloudEvents_', 'cloudEvents:'];

export function cloudEventServiceBusMessage(
  message: TransportMessage,
  format: Exclude<WireFormat, 'native'>,
  native: ServiceBusMessage,
  internal: Readonly<Record<string, string | number>>,
): ServiceBusMessage {
  const { attributes, headers } = cloudEventOf(message);
  const { contentType: _native, ...properties } = native;
  if (format === 'cloudevents-structured') {
    return {
      ...properties,
      body: Buffer.from(encodeStructuredCloudEvent(attributes, message.body)),
      contentType: CLOUDEVENTS_JSON,
      applicationProperties: { ...headers, ...internal },
    };
  }
  return {
    ...properties,
    ...(attributes.datacontenttype === undefined ? {} : { contentType: attributes.datacontenttype }),
    applicationProperties: {
      ...headers,
      ...internal,
      ...prefixedAttributeHeaders(attributes, WRITTEN_PREFIX),
    },
  };
}

/**
 * The envelope of a received message that is a CloudEvent in either mode, or undefined for any other.
 * `properties` are its application properties as text, without the transport's own; a structured event that
 * cannot be read is left to the native path, whose content type then dead-letters it with the reason.
 */
export function messageOfCloudEventReceived(
  contentType: string | undefined,
  body: Uint8Array,
  properties: Readonly<Record<string, string>>,
  topic: string,
): TransportMessage | undefined {
  if (isStructuredCloudEvent(contentType)) {
    try {
      const decoded = decodeStructuredCloudEvent(body);
      return messageOfCloudEvent(decoded.attributes, {
        format: 'cloudevents-structured',
        topic,
        body: decoded.body,
        headers: properties,
      });
    } catch {
      return undefined;
    }
  }
  if (!READ_PREFIXES.some((prefix) => properties[`${prefix}specversion`] !== undefined)) return undefined;
  const { attributes, rest } = attributesFromPrefixedHeaders(properties, READ_PREFIXES);
  if (contentType !== undefined) attributes.datacontenttype = contentType;
  return messageOfCloudEvent(attributes, { format: 'cloudevents-binary', topic, body, headers: rest });
}
