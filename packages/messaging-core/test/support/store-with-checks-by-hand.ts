import { createMemoryStore, type MessageStore, type OutboxBacklog } from '../../src/index.js';
import { StoreWatch } from '../../src/reliability/store-watch.js';
import { recordingLogger } from './recording-logger.js';

/** One backlog query of the store, answered (or failed) by the test. */
export interface PendingCheck {
  answer(backlog?: OutboxBacklog): void;
  fail(error: unknown): void;
}

/**
 * A memory store whose backlog query (the store watch's check) waits for the test to answer it: the test decides
 * when the database answers, what it says, whether it refuses and how long it stays silent.
 */
export function storeWithChecksByHand(): { readonly store: MessageStore; readonly checks: PendingCheck[] } {
  const store = createMemoryStore();
  const checks: PendingCheck[] = [];
  store.outboxBacklog = () =>
    new Promise<OutboxBacklog>((resolve, reject) => {
      checks.push({
        answer: (backlog = { unsent: 0, oldestUnsentAgeMs: 0 }) => resolve(backlog),
        fail: reject,
      });
    });
  return { store, checks };
}

/** A store watch over a store whose checks the test answers, with a logger that records what it says. */
export function storeWatchUnderTest(intervalMs = 100, slowAfterMs?: number) {
  const { store, checks } = storeWithChecksByHand();
  const logger = recordingLogger();
  const storeWatch = new StoreWatch(store, intervalMs, logger, slowAfterMs);
  return { storeWatch, checks, logger };
}
