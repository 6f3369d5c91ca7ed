import { StoreUnavailableError } from '../errors.js';
import { ReleasedAtShutdownError } from '../pipeline/released-at-shutdown-error.js';
import type { StoreWatch } from './store-watch.js';

/**
 * Runs one attempt of a handling; while it fails because the store cannot be reached, waits until the store
 * answers again and runs it afresh. An outage is nobody's fault but the database's: it must not use up the
 * message's immediate and delayed retries and end in the dead-letter queue. The waiting delivery holds its place
 * (unacknowledged), so the endpoint stops taking more once its concurrency is used, instead of spinning.
 */
export async function outlastStoreOutages(
  attempt: () => Promise<void>,
  watch: StoreWatch,
  stopping: Promise<void>,
  onOutage: (error: StoreUnavailableError) => void,
): Promise<void> {
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      onOutage(error);
      if (!(await watch.untilAnswering(stopping))) throw new ReleasedAtShutdownError(error.message);
    }
  }
}
