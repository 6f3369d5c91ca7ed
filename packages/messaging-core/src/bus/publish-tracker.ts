import { PublishError } from '../errors.js';

export interface PublishingHealth {
  /** Sends in a row that the broker did not take; 0 after a send that it took. */
  readonly consecutiveFailures: number;
  readonly lastError?: string | undefined;
  /** When the last failure happened, ms since the epoch. */
  readonly lastFailureAt?: number | undefined;
}

/**
 * Follows every send to the broker (direct publishes and the outbox relay's): a run of failures means this bus
 * cannot publish now. Refusals of one message for what it is (unroutable, too large) do not count: the broker works.
 */
export class PublishTracker {
  private failures = 0;
  private lastError: string | undefined;
  private lastFailureAt: number | undefined;

  succeeded(): void {
    this.failures = 0;
  }

  failed(error: unknown): void {
    if (error instanceof PublishError && error.scope === 'message') return;
    this.failures++;
    this.lastError = error instanceof Error ? error.message : String(error);
    this.lastFailureAt = Date.now();
  }

  health(): PublishingHealth {
    return this.failures === 0
      ? { consecutiveFailures: 0 }
      : { consecutiveFailures: this.failures, lastError: this.lastError, lastFailureAt: this.lastFailureAt };
  }
}
