import type { TransportMessage } from '../contracts/transport-message.js';

/**
 * The ordering scope of an outbox row: rows with the same ordering key are published strictly in insertion order.
 * A message without a key has no order to keep, so its own id is its scope.
 */
export function orderingKeyOf(message: TransportMessage): string {
  return message.key === undefined ? `id:${message.id}` : `key:${message.topic}:${message.key}`;
}
