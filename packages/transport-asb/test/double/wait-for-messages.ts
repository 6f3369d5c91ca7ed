import type { OperationOptionsBase } from '@azure/service-bus';
import { abortError } from './double-errors.js';
import type { SubscriptionEntity } from './subscription-entity.js';

/** The SDK's `AbortSignalLike`: what callers pass as `abortSignal`. */
export type SignalLike = NonNullable<OperationOptionsBase['abortSignal']>;

export interface WaitOptions<T> {
  readonly subscription: SubscriptionEntity;
  /** Returns a result when one is ready, undefined to keep waiting. Called now and on every change. */
  readonly attempt: () => T | undefined;
  readonly maxWaitMs: number;
  readonly signal?: SignalLike | undefined;
  /** What the wait ends with when `maxWaitMs` passes. */
  readonly onTimeout: () => T | Error;
  /** Where the connection registers a way to fail this wait (connection lost, receiver closed). */
  readonly interrupts: Set<(error: Error | undefined) => void>;
}

/** Waits for the broker to have something (a message, a free session), as a link waits for a transfer. */
export function waitForMessages<T>(options: WaitOptions<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (options.signal?.aborted) return reject(abortError());
    const ready = options.attempt();
    if (ready !== undefined) return resolve(ready);
    const finish = (outcome: () => void) => {
      clearTimeout(timer);
      unsubscribe();
      options.interrupts.delete(interrupt);
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const timeout = () => {
      const result = options.onTimeout();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(() => finish(timeout), options.maxWaitMs);
    const unsubscribe = options.subscription.onChange(() => {
      const result = options.attempt();
      if (result !== undefined) finish(() => resolve(result));
    });
    const interrupt = (error: Error | undefined) => finish(error ? () => reject(error) : timeout);
    options.interrupts.add(interrupt);
    const onAbort = () => finish(() => reject(abortError()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
