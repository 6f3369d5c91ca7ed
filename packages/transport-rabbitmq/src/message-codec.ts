import { Headers, type MessageHeaders, type TransportMessage, wireFormatOf } from '@pragmatic-messaging/core';
import type { Message, Options } from 'amqplib';
import { cloudEventPublication, messageOfCloudEventDelivery } from './rabbitmq-cloudevents.js';
import { PARTITION_KEY_HEADER } from './resource-names.js';

// Envelope fields AMQP has no property for travel in these headers; consumers never see them.
const TOPIC_HEADER = 'pm-topic';
const KEY_HEADER = 'pm-key';
const TIMESTAMP_HEADER = 'pm-timestamp';
const TRANSPORT_HEADERS = new Set([TOPIC_HEADER, KEY_HEADER, TIMESTAMP_HEADER, PARTITION_KEY_HEADER]);

/** Headers RabbitMQ itself adds (dead-lettering, quorum delivery counts); not part of the envelope. */
function isBrokerHeader(name: string): boolean {
  return (
    name === 'x-death' ||
    name === 'x-delivery-count' ||
    name.startsWith('x-first-death-') ||
    name.startsWith('x-last-death-')
  );
}

export interface EncodedMessage {
  readonly content: Buffer;
  readonly options: Options.Publish;
}

export function encodeMessage(message: TransportMessage): EncodedMessage {
  const format = wireFormatOf(message.headers);
  if (format !== 'native') {
    const internal = { [TOPIC_HEADER]: message.topic, [PARTITION_KEY_HEADER]: message.key ?? message.id };
    // Tools show the correlation id property; the attribute itself travels in the CloudEvent.
    const properties = publishProperties(message);
    const correlationId = message.headers[Headers.correlationId];
    if (correlationId !== undefined && fitsAProperty(correlationId)) properties.correlationId = correlationId;
    return cloudEventPublication(message, format, properties, internal);
  }
  const headers: Record<string, string> = {};
  const properties: Options.Publish = publishProperties(message);
  for (const name in message.headers) {
    const value = message.headers[name]!;
    const property = PROPERTY_OF_HEADER[name];
    // An AMQP property is a short string (255 bytes at most): a longer value stays a header.
    if (property !== undefined && fitsAProperty(value)) properties[property] = value;
    else headers[name] = value;
  }
  headers[TOPIC_HEADER] = message.topic;
  headers[TIMESTAMP_HEADER] = String(message.timestamp);
  headers[PARTITION_KEY_HEADER] = message.key ?? message.id;
  if (message.key !== undefined) headers[KEY_HEADER] = message.key;
  properties.headers = headers;
  return {
    content: Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength),
    options: properties,
  };
}

/**
 * Envelope headers an AMQP property carries instead (content type, correlation id, the source service as the
 * app id): tools show them there, and a property costs a fraction of a header table entry. Decoding restores them.
 */
const PROPERTY_OF_HEADER: Readonly<Record<string, 'contentType' | 'correlationId' | 'appId'>> = {
  [Headers.contentType]: 'contentType',
  [Headers.correlationId]: 'correlationId',
  [Headers.sourceService]: 'appId',
};

/** Whether a value fits an AMQP short string (255 bytes); 85 UTF-16 units are at most 255 UTF-8 bytes. */
function fitsAProperty(value: string): boolean {
  return value.length <= 85 || Buffer.byteLength(value) <= 255;
}

/** The AMQP properties of every message, whatever its wire format. */
function publishProperties(message: TransportMessage): Options.Publish {
  return {
    persistent: true,
    mandatory: message.mandatory ?? false,
    messageId: message.id,
    type: message.type,
    // AMQP timestamps are seconds; the exact milliseconds travel in a header (or the CloudEvents time). Tools show this one.
    timestamp: Math.floor(message.timestamp / 1000),
  };
}

export function decodeMessage(amqp: Message): TransportMessage {
  const raw: Record<string, unknown> = amqp.properties.headers ?? {};
  const headers: MessageHeaders = {};
  for (const name in raw) {
    const value = raw[name];
    if (TRANSPORT_HEADERS.has(name) || isBrokerHeader(name) || value === undefined) continue;
    headers[name] = headerText(value);
  }
  const topic = typeof raw[TOPIC_HEADER] === 'string' ? raw[TOPIC_HEADER] : amqp.fields.exchange;
  const cloudEvent = messageOfCloudEventDelivery(amqp, headers, topic);
  if (cloudEvent) return cloudEvent;
  // The toolkit (since 0.2) and publishers outside it carry these in AMQP properties; messages of 0.1 in headers.
  // Either way what they say counts (a foreign text/plain body is not JSON).
  for (const name in PROPERTY_OF_HEADER) {
    const value: unknown = amqp.properties[PROPERTY_OF_HEADER[name]!];
    if (headers[name] === undefined && typeof value === 'string') headers[name] = value;
  }
  const timestamp = Number(raw[TIMESTAMP_HEADER] ?? Number(amqp.properties.timestamp ?? 0) * 1000);
  return {
    // Messages from foreign publishers may lack an id or a type; core then dead-letters them (INVALID_ENVELOPE).
    id: typeof amqp.properties.messageId === 'string' ? amqp.properties.messageId : '',
    type: typeof amqp.properties.type === 'string' ? amqp.properties.type : '',
    topic,
    key: typeof raw[KEY_HEADER] === 'string' ? raw[KEY_HEADER] : undefined,
    headers,
    body: new Uint8Array(amqp.content.buffer, amqp.content.byteOffset, amqp.content.byteLength),
    timestamp: Number.isFinite(timestamp) && timestamp > 0 ? timestamp : Date.now(),
  };
}

/** Header values of the envelope are strings; foreign publishers may send other AMQP field types. */
function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** Why the broker (not the toolkit) dead-lettered a message: rejected, expired, maxlen, delivery_limit. */
export function brokerDeathReason(amqp: Message): string | undefined {
  const reason = amqp.properties.headers?.['x-first-death-reason'];
  return typeof reason === 'string' ? reason : undefined;
}
