import { type TransportMessage, wireFormatOf } from '@pragmatic-messaging/core';
import type { IncomingRecord, OutgoingRecord } from './client/kafka-client.js';
import { cloudEventRecord, messageOfCloudEventRecord } from './kafka-cloudevents.js';
import { bodyOf } from './record-body.js';

/**
 * Envelope fields that are not headers travel in `pm-` headers (reserved for the toolkit), so a record carries
 * every field unchanged; the body is the record value and the contract key is the record key.
 */
const Wire = {
  id: 'pm-id',
  type: 'pm-type',
  topic: 'pm-topic',
  key: 'pm-key',
  timestamp: 'pm-timestamp',
  dueAt: 'pm-due-at',
} as const;

const WIRE_NAMES: ReadonlySet<string> = new Set(Object.values(Wire));

export interface RecordPlacement {
  readonly topic: string;
  /** The record key; defaults to the message key (so per-key order holds). */
  readonly key?: string | null;
  /** When a retry is due, ms since the epoch; the consumer holds the record until then. */
  readonly dueAt?: number;
  /**
   * The record goes to its toolkit topic's own Kafka topic, so a reader learns the topic from where it reads
   * and no `pm-topic` header is written (retry, replay and dead-letter topics keep it).
   */
  readonly onItsTopic?: boolean;
}

export function toRecord(message: TransportMessage, placement: RecordPlacement): OutgoingRecord {
  const format = wireFormatOf(message.headers);
  if (format !== 'native') {
    const internal: Record<string, string> = { [Wire.topic]: message.topic };
    if (placement.dueAt !== undefined) internal[Wire.dueAt] = String(placement.dueAt);
    return cloudEventRecord(
      message,
      format,
      { topic: placement.topic, key: keyOf(message, placement) },
      internal,
    );
  }
  // A loop and plain assignments: a spread with computed keys was the codec's largest cost per record.
  const headers: Record<string, string> = {};
  for (const name in message.headers) headers[name] = message.headers[name]!;
  headers[Wire.id] = message.id;
  headers[Wire.type] = message.type;
  headers[Wire.timestamp] = String(message.timestamp);
  if (!placement.onItsTopic) headers[Wire.topic] = message.topic;
  const key = keyOf(message, placement);
  if (!keyReadFromRecord(message, key)) headers[Wire.key] = message.key!;
  if (placement.dueAt !== undefined) headers[Wire.dueAt] = String(placement.dueAt);
  return {
    topic: placement.topic,
    key,
    value: Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength),
    headers,
  };
}

/**
 * Whether the reader gets the message key from the record key, so no `pm-key` header is needed: the record key is
 * the message key (the usual case), or the message has none and the record key is null or its id (retry copies
 * and dead letters are keyed by id). A key equal to the message's own id would read as none, so it is written.
 */
function keyReadFromRecord(message: TransportMessage, recordKey: string | null): boolean {
  if (message.key === undefined) return recordKey === null || recordKey === message.id;
  return recordKey === message.key && message.key !== message.id;
}

function keyOf(message: TransportMessage, placement: RecordPlacement): string | null {
  return placement.key === undefined ? (message.key ?? null) : placement.key;
}

/**
 * Rebuilds the envelope. Records from producers outside the toolkit may lack the id or the type; they are left
 * empty, and core dead-letters such a record (INVALID_ENVELOPE) instead of guessing.
 */
export function fromRecord(record: IncomingRecord, toolkitTopic: string): TransportMessage {
  const wire = record.headers;
  const cloudEvent = messageOfCloudEventRecord(record, wire[Wire.topic] ?? toolkitTopic, WIRE_NAMES);
  if (cloudEvent) return cloudEvent;
  const headers: Record<string, string> = {};
  for (const name in wire) if (!WIRE_NAMES.has(name)) headers[name] = wire[name]!;
  const timestamp = Number(wire[Wire.timestamp]);
  return {
    id: wire[Wire.id] ?? '',
    type: wire[Wire.type] ?? '',
    topic: wire[Wire.topic] ?? toolkitTopic,
    key: wire[Wire.key] ?? keyOfRecord(record, wire[Wire.id]),
    headers,
    body: bodyOf(record),
    timestamp: Number.isFinite(timestamp) ? timestamp : Date.now(),
  };
}

/** The key a record without `pm-key` carries (see keyReadFromRecord); 0.1 wrote `pm-key` whenever there was one. */
function keyOfRecord(record: IncomingRecord, id: string | undefined): string | undefined {
  const key = record.key?.toString();
  if (id === undefined) return key; // from a producer outside the toolkit: the record key is all there is
  if (key === id) return undefined;
  return key;
}

export function dueAtOf(record: IncomingRecord): number | undefined {
  const dueAt = Number(record.headers[Wire.dueAt]);
  return Number.isFinite(dueAt) && record.headers[Wire.dueAt] !== undefined ? dueAt : undefined;
}
