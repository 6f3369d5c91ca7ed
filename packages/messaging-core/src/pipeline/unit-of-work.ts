import { ConfigurationError } from '../errors.js';
import type { StoreTransaction } from '../stores/message-store.js';
import type { ConsumeContext } from './consume-context.js';

/** The open transaction of the current handler run or `messaging.transaction()` call. */
export interface UnitOfWork {
  readonly transaction: StoreTransaction;
  /** Messages written to the outbox in this unit of work (the relay is nudged after commit when > 0). */
  outboxed: number;
  /** Types of the messages published in this unit of work (outbox or direct), for fault matching. */
  readonly published: string[];
}

export const UNIT_OF_WORK = Symbol('unit-of-work');

export function unitOfWorkIn(items: ReadonlyMap<string | symbol, unknown>): UnitOfWork | undefined {
  return items.get(UNIT_OF_WORK) as UnitOfWork | undefined;
}

/** The transaction a handler writes through; a clear error when the bus has no store. */
export function requireTransaction(
  items: ReadonlyMap<string | symbol, unknown>,
  endpoint: string,
): StoreTransaction {
  const unitOfWork = unitOfWorkIn(items);
  if (!unitOfWork) {
    throw new ConfigurationError(
      `No transaction on endpoint "${endpoint}": give createMessaging a store (memory, PostgreSQL or PGlite) and keep the endpoint transactional`,
    );
  }
  return unitOfWork.transaction;
}

/**
 * Points around a unit of work where an extension (fault injection, user code) can act. `context` is the delivery
 * being handled, undefined for a `messaging.transaction()` call (which has no `before` point).
 */
export interface UnitOfWorkHooks {
  /** Before the handler's transaction opens. */
  readonly beforeTransaction?: (context: ConsumeContext) => Promise<void>;
  /** After the work ran, before commit: a throw rolls everything back. */
  readonly withinTransaction?: (context: ConsumeContext | undefined, unitOfWork: UnitOfWork) => Promise<void>;
  /** After commit. */
  readonly afterTransaction?: (context: ConsumeContext | undefined, unitOfWork: UnitOfWork) => Promise<void>;
}
