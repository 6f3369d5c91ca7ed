import type { TransportMessage } from './transport-message.js';

/** The serialized size of a message as brokers count it (body plus header names and values). */
export function messageSize(message: TransportMessage): number {
  let size = message.body.byteLength;
  for (const [name, value] of Object.entries(message.headers))
    size += Buffer.byteLength(name) + Buffer.byteLength(value);
  return size;
}
