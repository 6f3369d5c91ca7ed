import type { MessageHeaders } from './headers.js';

/**
 * What crosses the wire: the envelope. Transports move it unchanged; every field survives every broker.
 */
export interface TransportMessage {
  /** Unique per message; stable across redeliveries and retries (deduplication keys on it). */
  readonly id: string;
  readonly type: string;
  readonly topic: string;
  /** Ordering key; messages with the same key keep their order on ordered endpoints. */
  readonly key?: string | undefined;
  readonly headers: MessageHeaders;
  /** The serialized body. */
  readonly body: Uint8Array;
  /** Milliseconds since the epoch when the message was first published. */
  readonly timestamp: number;
  /** Fail the send when no endpoint is subscribed (brokers that can tell). */
  readonly mandatory?: boolean | undefined;
}
