import { isRetryable, LifecycleError } from '../errors.js';
import type { Logger } from '../observability/logger.js';

/** What `start()` is doing while the broker is not there yet. */
export interface StartupProgress {
  /** What it tries, e.g. "connect to the broker", "start consuming orders". */
  readonly step: string;
  /** Tries of this step so far. */
  readonly attempt: number;
  /** Why the last try failed. */
  readonly lastError?: string | undefined;
}

export interface StartupSettings {
  /** Give up (rethrow the last error) once retrying would end after this moment, ms since the epoch. */
  readonly deadline: number;
  readonly backoffMs: { readonly initial: number; readonly max: number };
  readonly logger: Logger;
  readonly onProgress: (progress: StartupProgress | undefined) => void;
  /** Resolves when `stop()` is called: waiting ends and start() fails. */
  readonly stopped: Promise<void>;
  readonly isStopped: () => boolean;
}

/**
 * Runs one start-up step until it succeeds. Errors retrying can help with (a broker not up yet, a group coordinator
 * not elected yet) are retried with exponential backoff and reported through `onProgress`; any other error, the
 * deadline or a `stop()` ends the wait with an error.
 */
export async function untilAvailable<T>(
  step: string,
  operation: () => Promise<T>,
  settings: StartupSettings,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    if (settings.isStopped()) throw new LifecycleError(`stop() was called while trying to ${step}`);
    settings.onProgress({ step, attempt });
    try {
      const result = await operation();
      settings.onProgress(undefined);
      return result;
    } catch (error) {
      const delay = backoff(attempt, settings.backoffMs);
      if (!isRetryable(error) || Date.now() + delay > settings.deadline || settings.isStopped()) throw error;
      const lastError = error instanceof Error ? error.message : String(error);
      settings.onProgress({ step, attempt, lastError });
      settings.logger.warn({ step, attempt, retryInMs: delay, err: error }, `Could not ${step}; retrying`);
      await sleep(delay, settings.stopped);
    }
  }
}

function backoff(attempt: number, { initial, max }: { initial: number; max: number }): number {
  const exponential = Math.min(max, initial * 2 ** Math.min(attempt - 1, 20));
  return Math.round(exponential / 2 + Math.random() * (exponential / 2));
}

function sleep(ms: number, interrupted: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
    interrupted,
  ]).finally(() => clearTimeout(timer));
}
