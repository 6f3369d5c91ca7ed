import { MessagingError } from '../errors.js';

/** The bus stopped while a delivery waited for its store: it goes back to the broker without counting an attempt. */
export class ReleasedAtShutdownError extends MessagingError {
  constructor(reason: string) {
    super('RELEASED_AT_SHUTDOWN', `Given back to the broker at shutdown: ${reason}`, { retryable: false });
  }
}
