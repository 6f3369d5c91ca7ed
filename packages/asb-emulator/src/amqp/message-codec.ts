import type { MessageFields, MessageRecord } from '../model/message-record.js';
import type { StoredMessage } from '../model/stored-message.js';
import { amqpMessage, type RheaSection, types } from './rhea-module.js';

/** The message format the JS SDK sends batches in: a message whose data sections are each an encoded message. */
export const BATCH_FORMAT = 0x80013700;

const BODY_DESCRIPTORS = new Set<unknown>([
  0x75,
  0x76,
  0x77,
  0x78,
  'amqp:data:binary',
  'amqp:amqp-sequence:list',
  'amqp:value:*',
  'amqp:footer:map',
]);
// A body-less section list for rhea's encoder (it would otherwise add a null value section).
const NO_BODY = { collect_sections: () => {} };

/** The messages one transfer carries: several for a batch, else one. */
export function decodeTransfer(payload: Buffer, format: number): MessageRecord[] {
  if (format !== BATCH_FORMAT) return [decodeMessage(payload)];
  const envelope = amqpMessage.decode(payload);
  const section = envelope.body as RheaSection | undefined;
  if (section?.typecode !== 0x75) return [];
  const parts =
    Array.isArray(section.content) && section.multiple ? section.content : [section.content as Buffer];
  return parts.map((part) => decodeMessage(Buffer.from(part)));
}

/** Split an encoded message into its decoded head and its body sections, kept as bytes. */
export function decodeMessage(encoded: Buffer): MessageRecord {
  const reader = new types.Reader(encoded);
  let bodyStart = encoded.length;
  while (reader.remaining()) {
    const start = reader.position;
    const section = reader.read();
    if (BODY_DESCRIPTORS.has(section.descriptor?.value)) {
      bodyStart = start;
      break;
    }
  }
  const fields: MessageFields = { ...amqpMessage.decode(encoded.subarray(0, bodyStart)) };
  delete fields.body;
  delete fields.delivery_annotations;
  return { fields, body: encoded.subarray(bodyStart), size: encoded.length };
}

export interface DeliveryState {
  readonly lockedUntil?: number;
}

/** A stored message as Service Bus delivers or returns it: the sender's message plus the broker's annotations. */
export function encodeStored(stored: StoredMessage, state: DeliveryState = {}): Buffer {
  const { fields, body } = stored.record;
  const annotations: Record<string, unknown> = {
    ...fields.message_annotations,
    'x-opt-sequence-number': types.wrap_long(stored.sequenceNumber),
    'x-opt-enqueue-sequence-number': types.wrap_long(stored.sequenceNumber),
    'x-opt-enqueued-time': new Date(stored.enqueuedAt),
  };
  if (state.lockedUntil !== undefined) annotations['x-opt-locked-until'] = new Date(state.lockedUntil);
  if (stored.deferred) annotations['x-opt-message-state'] = types.wrap_int(1);
  const head = amqpMessage.encode({
    ...fields,
    delivery_count: stored.deliveryCount,
    message_annotations: annotations,
    body: NO_BODY,
  });
  return Buffer.concat([head, body]);
}

/** Re-encode a message rhea already decoded (transfers in the standard format). */
export function encodeDecoded(message: Record<string, unknown>): Buffer {
  return amqpMessage.encode(message);
}
