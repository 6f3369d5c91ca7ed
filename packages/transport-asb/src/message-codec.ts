import type { ServiceBusMessage } from '@azure/service-bus';
import type { TransportMessage } from '@pragmatic-messaging/core';
import { Headers, wireFormatOf } from '@pragmatic-messaging/core';
import { sessionIdOf } from './resource-names.js';
import { cloudEventServiceBusMessage, messageOfCloudEventReceived } from './service-bus-cloudevents.js';
import type { ReceivedServiceBusMessage } from './service-bus-surface.js';

// Envelope fields with no native Service Bus property travel as reserved application properties.
const TOPIC_PROPERTY = 'pm-topic';
const KEY_PROPERTY = 'pm-key';
const TIMESTAMP_PROPERTY = 'pm-timestamp';
const RESERVED_PREFIX = 'pm-';

/**
 * Our envelope as a Service Bus message: id → messageId, type → subject, headers → application properties,
 * key → sessionId (used by session-enabled subscriptions, ignored by the others), `to` → who may receive it.
 */
export function toServiceBusMessage(message: TransportMessage, to: string): ServiceBusMessage {
  const applicationProperties: Record<string, string | number> = {
    ...message.headers,
    [TOPIC_PROPERTY]: message.topic,
    [TIMESTAMP_PROPERTY]: message.timestamp,
  };
  if (message.key !== undefined) applicationProperties[KEY_PROPERTY] = message.key;
  const correlationId = message.headers[Headers.correlationId];
  const contentType = message.headers[Headers.contentType];
  const native: ServiceBusMessage = {
    body: Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength),
    messageId: message.id,
    subject: message.type,
    sessionId: sessionIdOf(message),
    to,
    applicationProperties,
    ...(correlationId === undefined ? {} : { correlationId }),
    ...(contentType === undefined ? {} : { contentType }),
  };
  const format = wireFormatOf(message.headers);
  if (format === 'native') return native;
  return cloudEventServiceBusMessage(message, format, native, { [TOPIC_PROPERTY]: message.topic });
}

/** Back to our envelope. Messages from other producers still map: their type is the subject. */
export function fromServiceBusMessage(received: ReceivedServiceBusMessage, topic: string): TransportMessage {
  const properties = received.applicationProperties ?? {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (!name.startsWith(RESERVED_PREFIX) && value !== null) headers[name] = stringOf(value);
  }
  const toolkitTopic = typeof properties[TOPIC_PROPERTY] === 'string' ? properties[TOPIC_PROPERTY] : topic;
  const cloudEvent = messageOfCloudEventReceived(
    received.contentType,
    bytesOf(received.body),
    headers,
    toolkitTopic,
  );
  if (cloudEvent) return cloudEvent;
  // Producers outside the toolkit set only the native properties: what they say counts.
  if (headers[Headers.contentType] === undefined && typeof received.contentType === 'string') {
    headers[Headers.contentType] = received.contentType;
  }
  if (headers[Headers.correlationId] === undefined && typeof received.correlationId === 'string') {
    headers[Headers.correlationId] = received.correlationId;
  }
  const key = properties[KEY_PROPERTY];
  const timestamp = Number(
    properties[TIMESTAMP_PROPERTY] ?? received.enqueuedTimeUtc?.getTime() ?? Date.now(),
  );
  return {
    id: stringOf(received.messageId ?? ''),
    type: received.subject ?? '',
    topic: toolkitTopic,
    key: key === undefined || key === null ? undefined : stringOf(key),
    headers,
    body: bytesOf(received.body),
    timestamp,
  };
}

function stringOf(value: string | number | boolean | Date | Buffer): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return String(value);
}

// Receivers skip the SDK's JSON parsing, so our bodies arrive as bytes; foreign producers may send other shapes.
function bytesOf(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return new Uint8Array(body);
  if (typeof body === 'string') return new TextEncoder().encode(body);
  return new TextEncoder().encode(JSON.stringify(body ?? null));
}
