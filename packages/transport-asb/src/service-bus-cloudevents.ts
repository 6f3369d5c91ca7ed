import type { ServiceBusMessage } from '@azure/service-bus';
import {
  AMQP_CLOUDEVENTS_PREFIXES,
  decodeCloudEvent,
  encodeCloudEvent,
  type TransportMessage,
  type WireFormat,
} from '@pragmatic-messaging/core';

/**
 * CloudEvents on Service Bus, which is AMQP 1.0, per the AMQP protocol binding: binary mode puts every attribute
 * in a `cloudEvents_` application property (the separator the binding prefers, and the one JMS selectors and
 * Service Bus SQL rules accept) and `datacontenttype` in the content-type property; structured mode sends the
 * JSON event format with content type `application/cloudevents+json`. Message id, subject (the subscriptions'
 * rules route on it), session id and `to` stay what they are in the native mode.
 */
export function cloudEventServiceBusMessage(
  message: TransportMessage,
  format: Exclude<WireFormat, 'native'>,
  native: ServiceBusMessage,
  internal: Readonly<Record<string, string | number>>,
): ServiceBusMessage {
  const { contentType, body, headers } = encodeCloudEvent(message, format, AMQP_CLOUDEVENTS_PREFIXES.written);
  const { contentType: _native, ...properties } = native;
  return {
    ...properties,
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    ...(contentType === undefined ? {} : { contentType }),
    applicationProperties: { ...headers, ...internal },
  };
}

/** The envelope of a received message that is a CloudEvent in either mode, or undefined; properties as text. */
export function messageOfCloudEventReceived(
  contentType: string | undefined,
  body: Uint8Array,
  properties: Readonly<Record<string, string>>,
  topic: string,
): TransportMessage | undefined {
  return decodeCloudEvent({ contentType, body, headers: properties }, topic, AMQP_CLOUDEVENTS_PREFIXES.read);
}
