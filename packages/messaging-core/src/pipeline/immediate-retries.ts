import { isRetryable, MessagingError } from '../errors.js';

/**
 * Runs `attempt(subject)` and, while it throws a retryable error, runs it again up to `retries` more times at once.
 * The consume pipeline places this between its outer steps (decode, validate: run once) and its inner steps
 * (unit of work, inbox, handler: run afresh every time). The subject is passed on, so the pipeline builds its
 * functions once instead of closures per delivery.
 */
export async function withImmediateRetries<Subject>(
  attempt: (subject: Subject) => Promise<void>,
  subject: Subject,
  retries: number,
  onFailure: (error: unknown, willRetry: boolean, subject: Subject) => void,
): Promise<void> {
  for (let tried = 0; ; tried++) {
    try {
      await attempt(subject);
      return;
    } catch (error) {
      const willRetry =
        tried < retries &&
        isRetryable(error) &&
        !(error instanceof MessagingError && !error.retryImmediately);
      onFailure(error, willRetry, subject);
      if (!willRetry) throw error;
    }
  }
}
