import { type TransportMessage, wireFormatOf } from '@pragmatic-messaging/core';
import type { IncomingRecord, OutgoingRecord } from './client/kafka-client.js';
import { cloudEventRecord, messageOfCloudEventRecord } from './kafka-cloudevents.js';
import { bodyOf } from './record-body.js';
import {
  ENVELOPE_HEADER,
  envelopeOf,
  foldHeaders,
  type RecordEnvelope,
  unfoldedHeaders,
} from './record-envelope.js';

/**
 * The toolkit's envelope fields travel in one `pm` header (record-envelope.ts), with the envelope headers only the
 * toolkit reads; the body is the record value and the contract key is the record key. Records of 0.1 carried each
 * field in a `pm-` header of its own, named here; they are still read, as are records of foreign producers.
 */
const Wire = {
  id: 'pm-id',
  type: 'pm-type',
  topic: 'pm-topic',
  key: 'pm-key',
  timestamp: 'pm-timestamp',
  dueAt: 'pm-due-at',
} as const;

const WIRE_NAMES: ReadonlySet<string> = new Set([...Object.values(Wire), ENVELOPE_HEADER]);

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
  const envelope: RecordEnvelope = { id: message.id, type: message.type, ts: message.timestamp };
  const headers = foldHeaders(message.headers, envelope);
  if (!placement.onItsTopic) envelope.topic = message.topic;
  const key = keyOf(message, placement);
  if (!keyReadFromRecord(message, key)) envelope.key = message.key!;
  if (placement.dueAt !== undefined) envelope.due = placement.dueAt;
  headers[ENVELOPE_HEADER] = JSON.stringify(envelope);
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
  const envelope = envelopeOf(wire[ENVELOPE_HEADER]);
  const headers: Record<string, string> = {};
  for (const name in wire) if (!WIRE_NAMES.has(name)) headers[name] = wire[name]!;
  if (envelope) {
    unfoldedHeaders(envelope, headers);
    return {
      id: envelope.id,
      type: envelope.type,
      topic: typeof envelope.topic === 'string' ? envelope.topic : toolkitTopic,
      key: typeof envelope.key === 'string' ? envelope.key : keyOfRecord(record, envelope.id),
      headers,
      body: bodyOf(record),
      timestamp: envelope.ts,
    };
  }
  // A record of 0.1 (a header per field) or of a foreign producer.
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
  const due = envelopeOf(record.headers[ENVELOPE_HEADER])?.due;
  if (typeof due === 'number' && Number.isFinite(due)) return due;
  const dueAt = Number(record.headers[Wire.dueAt]);
  return Number.isFinite(dueAt) && record.headers[Wire.dueAt] !== undefined ? dueAt : undefined;
}
