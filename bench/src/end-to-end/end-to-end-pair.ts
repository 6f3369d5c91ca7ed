import type { BenchMessage } from './message-payload.js';

/**
 * A producer and a consumer of one contender, wired to one queue or topic. The driver owns timing and counting;
 * a pair only moves messages with the guarantees its contender is configured for.
 */
export interface EndToEndPair {
  /** Starts consuming; `handled(seq)` must be called once a message is handled, before it is acknowledged. */
  startConsumer(handled: (seq: number) => void, failed: (error: unknown) => void): Promise<void>;
  /** Publishes the messages; resolves once the broker confirmed all of them (where the contender can tell). */
  publish(messages: readonly BenchMessage[]): Promise<void>;
  /** Stops both sides and deletes what the run created on the broker. */
  close(): Promise<void>;
}
