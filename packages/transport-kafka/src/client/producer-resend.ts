/** Attempts of one send, each on a new producer, when the settings do not say: about 10 s with the backoff. */
export const PRODUCE_ATTEMPTS = 8;

/** How a client library's producer is driven by `sendOnFreshProducers`. */
export interface ProducerResend<P> {
  readonly attempts: number;
  /** The producer the next attempt uses (replaced by `retire` after a failure). */
  current(): P;
  send(producer: P): Promise<void>;
  /** The send went through (after every send: keep it cheap). */
  sent(): void;
  /** The send failed on `producer`: replace it, so the next attempt starts with a new producer id. */
  retire(producer: P, error: unknown): void;
  isRetriable(error: unknown): boolean;
  /** The client was closed: a failed attempt is the last, and no new producer is made (none would be closed). */
  isClosed(): boolean;
  /** What the caller sees when the send gives up. */
  toError(error: unknown): unknown;
}

/**
 * One send, tried again whole on a new producer after each failure, with exponential backoff (100 ms doubling, at
 * most 3.2 s). A new producer, not the same one again: an idempotent producer whose request failed may be out of
 * sequence with the broker (after a broker restart it kept failing with OutOfOrderSequence for minutes, issue 12).
 * The broker deduplicates nothing across producers, so a record that did arrive before the failure arrives twice;
 * the inbox takes care of that.
 */
export async function sendOnFreshProducers<P>(resend: ProducerResend<P>): Promise<void> {
  const attempts = Math.max(1, resend.attempts);
  for (let attempt = 1; ; attempt++) {
    const producer = resend.current();
    try {
      await resend.send(producer);
      resend.sent();
      return;
    } catch (error) {
      if (resend.isClosed()) throw resend.toError(error);
      resend.retire(producer, error);
      if (attempt >= attempts || !resend.isRetriable(error)) throw resend.toError(error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(3_200, 100 * 2 ** (attempt - 1))));
      // Closed during the pause: the new producer was closed with the client, so no attempt is made on it.
      if (resend.isClosed()) throw resend.toError(error);
    }
  }
}
