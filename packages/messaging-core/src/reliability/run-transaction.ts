import { randomUUID } from 'node:crypto';
import type { Publish } from '../pipeline/handler-context.js';
import { currentMessageScope, type MessageScope, runInMessageScope } from '../pipeline/message-scope.js';
import {
  UNIT_OF_WORK,
  type UnitOfWork,
  type UnitOfWorkHooks,
  unitOfWorkIn,
} from '../pipeline/unit-of-work.js';
import type { MessageStore, StoreTransaction } from '../stores/message-store.js';
import { QUIET_COMMIT } from './unit-of-work-step.js';

export interface TransactionSettings {
  readonly store: MessageStore;
  /** Whether the ambient message scope (AsyncLocalStorage) is on: the transaction then joins an enclosing one. */
  readonly ambientScope: boolean;
  /** A `publish` that belongs to `scope`. */
  readonly publisherIn: (scope: MessageScope) => Publish;
  /** Wakes the outbox relay after a commit that wrote to the outbox. */
  readonly afterCommit: () => void;
  readonly hooks: readonly UnitOfWorkHooks[];
}

/**
 * `messaging.transaction()`: runs `work` in one store transaction, as a new message scope (correlation, causation,
 * the outbox), or inside the enclosing unit of work when the ambient scope has one.
 */
export async function runTransaction<T>(
  work: (tx: StoreTransaction, publish: Publish) => Promise<T>,
  correlationId: string | undefined,
  settings: TransactionSettings,
): Promise<T> {
  const outer = settings.ambientScope ? currentMessageScope() : undefined;
  const joined = outer && unitOfWorkIn(outer.items);
  if (outer && joined) return work(joined.transaction, settings.publisherIn(outer));
  const messageId = randomUUID();
  const items = new Map<string | symbol, unknown>();
  let unitOfWork: UnitOfWork | undefined;
  const result = await settings.store.transaction((transaction) => {
    const current: UnitOfWork = { transaction, outboxed: 0, published: [] };
    unitOfWork = current;
    items.set(UNIT_OF_WORK, current);
    const scope: MessageScope = {
      messageId,
      correlationId: correlationId ?? outer?.correlationId ?? messageId,
      traceContext: outer?.traceContext,
      items,
    };
    const run = async () => {
      const value = await work(transaction, settings.publisherIn(scope));
      for (const hooks of settings.hooks) await hooks.withinTransaction?.(undefined, current);
      return value;
    };
    return settings.ambientScope ? runInMessageScope(scope, run) : run();
  }, QUIET_COMMIT);
  const committed = unitOfWork as UnitOfWork | undefined;
  if (committed && committed.outboxed > 0) settings.afterCommit();
  if (committed) for (const hooks of settings.hooks) await hooks.afterTransaction?.(undefined, committed);
  return result;
}
