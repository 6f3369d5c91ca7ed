import { Headers, type MessageHeaders } from '../contracts/headers.js';
import { messageSize } from '../contracts/message-size.js';
import type { Serializer } from '../contracts/serializer.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import { InvalidEnvelopeError, MessageTooLargeError } from '../errors.js';
import type { ConsumeContext } from './consume-context.js';

/** Bytes → value. A DecodeError sends the message to the dead-letter queue without retries. */
export function decoder(serializer: Serializer): (context: ConsumeContext) => void {
  return (context) => {
    context.body = serializer.deserialize(context.envelope.body, context.headers[Headers.contentType]);
  };
}

/**
 * Refuses what no handler can take safely, before anything looks at the body: a delivery without an id (the inbox
 * keys on it: its redeliveries could not be told apart) or without a type. Such messages come from producers outside
 * the toolkit; they go to the dead-letter queue without retries.
 */
export function checkEnvelope(context: ConsumeContext): void {
  const { id, type } = context.envelope;
  if (typeof id !== 'string' || id === '') {
    throw new InvalidEnvelopeError(
      `The message (type "${typeof type === 'string' ? type : ''}") has no message id; every message needs a unique id, which deduplication keys on`,
    );
  }
  if (typeof type !== 'string' || type === '') {
    throw new InvalidEnvelopeError(`The message ${id} has no type, so no handler can be chosen for it`);
  }
}

/**
 * Refuses a delivery larger than the transport's `maxMessageBytes` (body and headers, as on publish) before it is
 * decoded: a producer outside the toolkit is not held to the limit the toolkit's own publishes are.
 */
export function sizeCheck(maxMessageBytes: number): (context: ConsumeContext) => void {
  return (context) => {
    const size = messageSize(context.envelope);
    if (size > maxMessageBytes) {
      throw new MessageTooLargeError(
        `The message ${context.envelope.id} ("${context.envelope.type}") is ${size} bytes with its headers; this endpoint accepts at most ${maxMessageBytes} (maxMessageBytes)`,
      );
    }
  };
}

/**
 * Header values are strings on every transport. A producer outside the toolkit may send numbers, booleans, dates or
 * bytes where the broker allows them: they become text (a header without a value is left out), so the message is
 * handled with the information they carry.
 */
export function withTextHeaders(message: TransportMessage): TransportMessage {
  const raw = (message.headers ?? {}) as Record<string, unknown>;
  if (allText(raw)) return message;
  const headers: MessageHeaders = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined && value !== null) headers[name] = textOf(value);
  }
  return { ...message, headers };
}

// A loop, not Object.values(…).every(…): this runs for every delivery, and nearly always finds only text.
function allText(headers: Record<string, unknown>): boolean {
  for (const name in headers) {
    if (typeof headers[name] !== 'string') return false;
  }
  return true;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
