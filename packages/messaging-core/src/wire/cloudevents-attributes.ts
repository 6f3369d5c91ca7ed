import { randomUUID } from 'node:crypto';
import { Headers, type MessageHeaders } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import { WIRE_FORMAT_HEADER, type WireFormat } from './wire-format.js';

/**
 * The context attributes of a CloudEvents 1.0 event as strings (their canonical form, which every protocol
 * binding accepts): the required ones, the optional ones the envelope has, and extensions.
 */
export interface CloudEventAttributes {
  readonly specversion: string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time?: string;
  readonly datacontenttype?: string;
  /** The Partitioning extension: the toolkit's ordering key. */
  readonly partitionkey?: string;
  readonly [extension: string]: string | undefined;
}

export const CLOUDEVENTS_SPEC_VERSION = '1.0';

// Envelope headers that become attributes; every other header stays a header of the broker message.
const MAPPED_HEADERS: readonly string[] = [Headers.sourceService, Headers.contentType, WIRE_FORMAT_HEADER];
const KNOWN_ATTRIBUTES: readonly string[] = [
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'datacontenttype',
  'partitionkey',
];
// Attribute names are lower-case letters and digits (CloudEvents 1.0, "Attribute Naming Convention").
const ATTRIBUTE_NAME = /^[a-z0-9]{1,20}$/;

/** An envelope as CloudEvents attributes plus the headers that have no attribute (correlation, attempt…). */
export function cloudEventOf(message: TransportMessage): {
  readonly attributes: CloudEventAttributes;
  readonly headers: MessageHeaders;
} {
  const headers: MessageHeaders = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (!MAPPED_HEADERS.includes(name)) headers[name] = value;
  }
  const contentType = message.headers[Headers.contentType];
  const attributes: Record<string, string> = {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: message.id,
    // A URI-reference: the publishing service's name is a relative one.
    source: message.headers[Headers.sourceService] || 'pragmatic-messaging',
    type: message.type,
    time: new Date(message.timestamp).toISOString(),
  };
  if (contentType !== undefined) attributes.datacontenttype = contentType;
  if (message.key !== undefined) attributes.partitionkey = message.key;
  return { attributes: attributes as unknown as CloudEventAttributes, headers };
}

/** What a transport read from the broker besides the attributes. */
export interface CloudEventCarrier {
  readonly format: Exclude<WireFormat, 'native'>;
  readonly topic: string;
  readonly body: Uint8Array;
  /** The broker message's other headers (already without the binding's attribute headers). */
  readonly headers: Readonly<MessageHeaders>;
}

/**
 * Back to the envelope: id, type, time, source (the `source-service` header), data content type, partition key;
 * extension attributes the toolkit does not know become headers of the same name.
 */
export function messageOfCloudEvent(
  attributes: Readonly<Record<string, string | undefined>>,
  carrier: CloudEventCarrier,
): TransportMessage {
  const headers: MessageHeaders = { ...carrier.headers, [WIRE_FORMAT_HEADER]: carrier.format };
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && !KNOWN_ATTRIBUTES.includes(name) && ATTRIBUTE_NAME.test(name)) {
      headers[name] ??= value;
    }
  }
  if (attributes.source !== undefined) headers[Headers.sourceService] = attributes.source;
  if (attributes.datacontenttype !== undefined) headers[Headers.contentType] = attributes.datacontenttype;
  const time = attributes.time === undefined ? Number.NaN : Date.parse(attributes.time);
  return {
    // An event without an id or a type is not a valid CloudEvent; core dead-letters it as it does any such message.
    id: attributes.id || `no-id-${randomUUID()}`,
    type: attributes.type ?? '',
    topic: carrier.topic,
    key: attributes.partitionkey,
    headers,
    body: carrier.body,
    timestamp: Number.isFinite(time) ? time : Date.now(),
  };
}

/**
 * The attributes a binding carries in prefixed headers (`ce_` on Kafka, `cloudEvents_` or `cloudEvents:` on
 * AMQP), and the headers that are not attributes. `datacontenttype` never travels this way: every binding maps it
 * onto the protocol's content type.
 */
export function attributesFromPrefixedHeaders(
  headers: Readonly<Record<string, string>>,
  prefixes: readonly string[],
): { readonly attributes: Record<string, string>; readonly rest: MessageHeaders } {
  const attributes: Record<string, string> = {};
  const rest: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    const prefix = prefixes.find((candidate) => name.startsWith(candidate));
    if (prefix) attributes[name.slice(prefix.length).toLowerCase()] = value;
    else rest[name] = value;
  }
  return { attributes, rest };
}

/** The attributes as prefixed headers, `datacontenttype` left to the protocol's content type. */
export function prefixedAttributeHeaders(
  attributes: CloudEventAttributes,
  prefix: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && name !== 'datacontenttype') headers[`${prefix}${name}`] = value;
  }
  return headers;
}
