import { ConfigurationError } from '../errors.js';

/**
 * How failures are retried. A failed handling is first retried `immediate` times in-process, at once;
 * if it still fails, the message is handed back to the broker and delivered again after each of `delays`
 * in turn (each delayed retry is a new delivery, `attempt` + 1, and again gets its immediate retries);
 * after the last delay it goes to the dead-letter queue. Non-retryable errors skip all of this.
 */
export interface RetryPolicy {
  readonly immediate: number;
  /** Milliseconds before each delayed retry. */
  readonly delays: readonly number[];
}

export const defaultRetryPolicy: RetryPolicy = { immediate: 2, delays: [1_000, 10_000, 60_000] };

export function resolveRetryPolicy(
  base: Partial<RetryPolicy> | undefined,
  override: Partial<RetryPolicy> | undefined,
  where: string,
): RetryPolicy {
  const policy: RetryPolicy = {
    immediate: override?.immediate ?? base?.immediate ?? defaultRetryPolicy.immediate,
    delays: override?.delays ?? base?.delays ?? defaultRetryPolicy.delays,
  };
  if (!Number.isInteger(policy.immediate) || policy.immediate < 0 || policy.immediate > 100) {
    throw new ConfigurationError(
      `${where}: retry.immediate must be a whole number from 0 to 100, got ${policy.immediate}`,
    );
  }
  for (const delay of policy.delays) {
    if (!Number.isInteger(delay) || delay < 0) {
      throw new ConfigurationError(
        `${where}: retry.delays must be whole numbers of milliseconds ≥ 0, got ${delay}`,
      );
    }
  }
  return policy;
}
