import type { ConsumeContext } from '../pipeline/consume-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import { UNIT_OF_WORK, type UnitOfWork, type UnitOfWorkHooks } from '../pipeline/unit-of-work.js';
import type { MessageStore, TransactionOptions } from '../stores/message-store.js';

/** `afterCommit` wakes the relay in this process, so the commit needs no (database-wide serialising) NOTIFY. */
export const QUIET_COMMIT: TransactionOptions = { announceOutbox: false };

/**
 * Opens one store transaction around everything inside it (inbox record, ordering check, the handler's writes,
 * the outbox rows of what it publishes), commits when the handler succeeds, rolls everything back when it throws,
 * and nudges the outbox relay after a commit that produced messages.
 */
export function unitOfWorkStep(
  store: MessageStore,
  afterCommit: (unitOfWork: UnitOfWork) => void,
  hooks: UnitOfWorkHooks = {},
): Middleware<ConsumeContext> {
  return async (context, next) => {
    await hooks.beforeTransaction?.(context);
    const unitOfWork = await store.transaction(async (transaction) => {
      const current: UnitOfWork = { transaction, outboxed: 0, published: [] };
      context.items.set(UNIT_OF_WORK, current);
      try {
        await next();
        await hooks.withinTransaction?.(context, current);
        return current;
      } finally {
        context.items.delete(UNIT_OF_WORK);
      }
    }, QUIET_COMMIT);
    if (unitOfWork.outboxed > 0) afterCommit(unitOfWork);
    await hooks.afterTransaction?.(context, unitOfWork);
  };
}
