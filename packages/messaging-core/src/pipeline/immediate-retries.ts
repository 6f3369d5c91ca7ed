import { isRetryable, MessagingError } from '../errors.js';

/**
 * Runs `attempt` and, while it throws a retryable error, runs it again up to `retries` more times at once.
 * The consume pipeline places this between its outer steps (decode, validate: run once) and its inner steps
 * (unit of work, inbox, handler: run afresh every time).
 */
export async function withImmediateRetries(
  attempt: () => Promise<void>,
  retries: number,
  onFailure: (error: unknown, willRetry: boolean) => void,
): Promise<void> {
  for (let tried = 0; ; tried++) {
    try {
      await attempt();
      return;
    } catch (error) {
      const willRetry =
        tried < retries &&
        isRetryable(error) &&
        !(error instanceof MessagingError && !error.retryImmediately);
      onFailure(error, willRetry);
      if (!willRetry) throw error;
    }
  }
}
