import type { IncomingRecord } from './client/kafka-client.js';

const EMPTY_BODY = new Uint8Array(0);

/**
 * A record's value as the message body, without a copy. Both clients hand out a record's value as its own view of
 * a response read from the socket, which nothing writes to afterwards; copying it cost a body-sized allocation per
 * record (twice, with the CloudEvents check).
 */
export function bodyOf(record: IncomingRecord): Uint8Array {
  const value = record.value;
  return value ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : EMPTY_BODY;
}
