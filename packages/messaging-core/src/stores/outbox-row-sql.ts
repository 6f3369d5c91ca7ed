import type { TransportMessage } from '../contracts/transport-message.js';
import type { OutboxEntry } from './message-store.js';
import { orderingKeyOf } from './outbox-row.js';

/** An outbox row as the relay reads it. */
export interface OutboxRow {
  sequence: string | number;
  message_id: string;
  type: string;
  topic: string;
  message_key: string | null;
  headers: Record<string, string> | string;
  body: Uint8Array;
  mandatory: boolean;
  message_timestamp: string | number;
}

/** Parameters of one outbox row in an INSERT. */
const OUTBOX_VALUES = 9;

/** The columns the relay reads. */
export const OUTBOX_COLUMNS =
  'sequence, message_id, type, topic, message_key, headers, body, mandatory, message_timestamp';

/** One INSERT of `messages` into `table`, rows in their order (their sequence follows it). */
export function outboxInsert(
  table: string,
  messages: readonly TransportMessage[],
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const rows = messages.map((message) => {
    values.push(...outboxValues(message));
    const base = values.length - OUTBOX_VALUES;
    return `(${Array.from({ length: OUTBOX_VALUES }, (_, index) => `$${base + index + 1}`).join(', ')})`;
  });
  return {
    text: `INSERT INTO ${table} (message_id, type, topic, message_key, ordering_key, headers, body, mandatory, message_timestamp) VALUES ${rows.join(', ')}`,
    values,
  };
}

function outboxValues(message: TransportMessage): unknown[] {
  return [
    message.id,
    message.type,
    message.topic,
    message.key ?? null,
    orderingKeyOf(message),
    JSON.stringify(message.headers),
    message.body,
    message.mandatory ?? true,
    message.timestamp,
  ];
}

export function entryOf(row: OutboxRow): OutboxEntry {
  return {
    sequence: Number(row.sequence),
    message: {
      id: row.message_id,
      type: row.type,
      topic: row.topic,
      key: row.message_key ?? undefined,
      headers: typeof row.headers === 'string' ? JSON.parse(row.headers) : row.headers,
      body: new Uint8Array(row.body),
      timestamp: Number(row.message_timestamp),
      mandatory: row.mandatory,
    },
  };
}
