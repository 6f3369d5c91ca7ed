import {
  decodeCloudEvent,
  encodeCloudEvent,
  KAFKA_CLOUDEVENTS_PREFIX,
  mayBeCloudEvent,
  type TransportMessage,
  type WireFormat,
} from '@pragmatic-messaging/core';
import type { IncomingRecord, OutgoingRecord } from './client/kafka-client.js';
import { bodyOf } from './record-body.js';

/**
 * CloudEvents on Kafka, per the Kafka protocol binding: binary mode puts every attribute in a `ce_` header and
 * `datacontenttype` in `content-type`, the record value is the body; structured mode sends the JSON event format
 * as the value with `content-type: application/cloudevents+json`. The record key stays the message key (the
 * binding's key mapping from the Partitioning extension).
 */
const CONTENT_TYPE = 'content-type';
const PREFIXES = [KAFKA_CLOUDEVENTS_PREFIX];

export function cloudEventRecord(
  message: TransportMessage,
  format: Exclude<WireFormat, 'native'>,
  record: Pick<OutgoingRecord, 'topic' | 'key'>,
  internal: Readonly<Record<string, string>>,
): OutgoingRecord {
  const { contentType, body, headers } = encodeCloudEvent(message, format, KAFKA_CLOUDEVENTS_PREFIX);
  return {
    ...record,
    value: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    headers: {
      ...headers,
      ...internal,
      ...(contentType === undefined ? {} : { [CONTENT_TYPE]: contentType }),
    },
  };
}

/** The envelope of a record that is a CloudEvent in either mode (whoever produced it), or undefined. */
export function messageOfCloudEventRecord(
  record: IncomingRecord,
  topic: string,
  internal: ReadonlySet<string>,
): TransportMessage | undefined {
  // Most records are not CloudEvents: tell from two headers before copying anything.
  if (!mayBeCloudEvent(record.headers[CONTENT_TYPE], record.headers, PREFIXES)) return undefined;
  const headers: Record<string, string> = {};
  for (const name in record.headers) if (!internal.has(name)) headers[name] = record.headers[name]!;
  const { [CONTENT_TYPE]: contentType, ...others } = headers;
  const body = bodyOf(record);
  return decodeCloudEvent({ contentType, body, headers: others }, topic, PREFIXES);
}
