import type { TransportMessage } from './transport-message.js';

/** The serialized size of a message as brokers count it (body plus header names and values). */
export function messageSize(message: TransportMessage): number {
  let size = message.body.byteLength;
  // A loop over the keys, not Object.entries: this runs twice for every message.
  const { headers } = message;
  for (const name in headers) size += Buffer.byteLength(name) + Buffer.byteLength(headers[name]!);
  return size;
}
