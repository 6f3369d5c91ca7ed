import { Headers } from '@pragmatic-messaging/core';

/** The header that carries the toolkit's own fields of a record, as one JSON object. */
export const ENVELOPE_HEADER = 'pm';

/**
 * Envelope headers that travel inside the `pm` header: only the toolkit reads them. `content-type` and the trace
 * context stay headers of their own, where foreign readers and instrumentation look for them, and so does every
 * application header.
 */
const FOLDED_HEADERS: ReadonlySet<string> = new Set([
  Headers.correlationId,
  Headers.causationId,
  Headers.sourceService,
  Headers.attempt,
]);

/**
 * The toolkit's fields of one record. kafkajs writes and reads each header as buffers of its own, about 3.5 µs per
 * header and record, so one header instead of six is most of what an envelope costs on Kafka
 * (docs/performance.md, round six).
 */
export interface RecordEnvelope {
  readonly id: string;
  readonly type: string;
  /** The message's timestamp, ms since the epoch. */
  readonly ts: number;
  /** Only where the Kafka topic read from does not say it (retry, replay and dead-letter topics). */
  topic?: string;
  /** Only where the record key does not say it (see keyReadFromRecord). */
  key?: string;
  /** When a retry is due, ms since the epoch. */
  due?: number;
  /** The folded envelope headers, when the message has any. */
  h?: Record<string, string>;
}

/** Splits a message's headers into those that stay record headers and those folded into the envelope. */
export function foldHeaders(
  headers: Readonly<Record<string, string>>,
  envelope: RecordEnvelope,
): Record<string, string> {
  const own: Record<string, string> = {};
  let folded: Record<string, string> | undefined;
  for (const name in headers) {
    const value = headers[name]!;
    if (!FOLDED_HEADERS.has(name)) own[name] = value;
    else {
      folded ??= {};
      folded[name] = value;
    }
  }
  if (folded) envelope.h = folded;
  return own;
}

/** The envelope of a record's `pm` header, or undefined when there is none or it is not one of ours. */
export function envelopeOf(value: string | undefined): RecordEnvelope | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const envelope = parsed as Partial<RecordEnvelope>;
  if (
    typeof envelope.id !== 'string' ||
    typeof envelope.type !== 'string' ||
    typeof envelope.ts !== 'number'
  ) {
    return undefined;
  }
  return envelope as RecordEnvelope;
}

/** The folded headers of an envelope as message headers: text values only, as every header is. */
export function unfoldedHeaders(envelope: RecordEnvelope, into: Record<string, string>): void {
  const folded = envelope.h;
  if (typeof folded !== 'object' || folded === null) return;
  for (const name in folded) {
    const value = folded[name];
    if (typeof value === 'string') into[name] = value;
  }
}
