import { Headers } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';

/** A dead-lettered message with the failure that put it there, read back from its headers. */
export interface DeadLetter {
  readonly message: TransportMessage;
  readonly failure: {
    readonly reason: string;
    readonly message: string;
    readonly stack?: string | undefined;
    readonly endpoint: string;
    readonly attempts: number;
    readonly at: Date;
  };
}

/** Which dead letters a replay or purge acts on. All criteria must match; an empty filter matches all. */
export interface DeadLetterFilter {
  readonly ids?: readonly string[];
  readonly type?: string;
  /** Matches the failure reason or message. */
  readonly error?: string | RegExp;
  readonly failedAfter?: Date;
  readonly failedBefore?: Date;
}

export interface DeadLetterQueue {
  /** Peek at dead letters, oldest first, without removing them. */
  list(options?: { limit?: number }): Promise<DeadLetter[]>;
  /**
   * Send matching dead letters back to their endpoint with attempt 1 and the failure headers removed; resolves to
   * how many were replayed. Without a filter, or with `{}`, every dead letter of the endpoint is replayed.
   */
  replay(filter?: DeadLetterFilter): Promise<number>;
  /**
   * Delete matching dead letters for good; resolves to how many were deleted. Without a filter, or with `{}`,
   * every dead letter of the endpoint is deleted.
   */
  purge(filter?: DeadLetterFilter): Promise<number>;
}

export function readDeadLetter(message: TransportMessage): DeadLetter {
  const headers = message.headers;
  return {
    message,
    failure: {
      reason: headers[Headers.failureReason] ?? 'unknown',
      message: headers[Headers.failureMessage] ?? '',
      stack: headers[Headers.failureStack],
      endpoint: headers[Headers.failureEndpoint] ?? '',
      attempts: Number(headers[Headers.failureAttempts] ?? '1'),
      at: new Date(headers[Headers.failureAt] ?? message.timestamp),
    },
  };
}

export function matchesDeadLetterFilter(deadLetter: DeadLetter, filter: DeadLetterFilter = {}): boolean {
  const { message, failure } = deadLetter;
  if (filter.ids && !filter.ids.includes(message.id)) return false;
  if (filter.type && filter.type !== message.type) return false;
  if (filter.failedAfter && failure.at < filter.failedAfter) return false;
  if (filter.failedBefore && failure.at > filter.failedBefore) return false;
  if (filter.error !== undefined) {
    const text = `${failure.reason}: ${failure.message}`;
    const matches = typeof filter.error === 'string' ? text.includes(filter.error) : filter.error.test(text);
    if (!matches) return false;
  }
  return true;
}
