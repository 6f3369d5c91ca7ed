import { OutOfOrderError } from '../errors.js';
import type { ConsumeContext } from '../pipeline/consume-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import { unitOfWorkIn } from '../pipeline/unit-of-work.js';
import type { StoreTransaction } from '../stores/message-store.js';

export interface OrderingGuardOptions {
  /**
   * What to do with a message whose version skips ahead (current 3, message 5):
   * - `apply` (default): handle it. Producers may legitimately skip versions (a change that publishes no event),
   *   so a gap is not proof of a lost message; waiting for one that never comes would block the entity.
   * - `hold`: fail it with OutOfOrderError so it comes back after the delayed-retry delay, giving the missing
   *   message time to arrive; it is dead-lettered if the gap never closes. Use when every version is published.
   */
  readonly onGap?: 'apply' | 'hold';
  /**
   * Read the entity's current version from your own data (in the same transaction). By default the toolkit keeps
   * the last version each endpoint applied per key in its `entity_versions` table.
   */
  readonly currentVersion?: (entityKey: string, transaction: StoreTransaction) => Promise<number | undefined>;
}

/**
 * Out-of-order detection for contracts with `version(message)`: a message whose version is not newer than the
 * entity's current version is stale — acknowledged and skipped (counted, logged at debug) instead of applied.
 * The entity is identified by the message key.
 */
export function orderingGuardStep(options: OrderingGuardOptions = {}): Middleware<ConsumeContext> {
  return async (context, next) => {
    const versionOf = context.contract?.version;
    const entityKey = context.envelope.key;
    if (!versionOf || entityKey === undefined) return next();
    const { transaction } = unitOfWorkIn(context.items)!;
    const version = versionOf(context.message);
    const current = options.currentVersion
      ? await options.currentVersion(entityKey, transaction)
      : await transaction.lastVersion(context.endpoint, entityKey);
    if (current !== undefined && version <= current) {
      context.skipped = { reason: 'stale-version' };
      context.logger.debug(
        { endpoint: context.endpoint, messageId: context.envelope.id, entityKey, version, current },
        'Stale message skipped: its version is not newer than the entity',
      );
      return;
    }
    if (options.onGap === 'hold' && current !== undefined && version > current + 1) {
      throw new OutOfOrderError(
        `"${context.envelope.type}" for ${entityKey} has version ${version} but the entity is at ${current}; waiting for version ${current + 1}`,
      );
    }
    await next();
    await transaction.saveVersion(context.endpoint, entityKey, version);
  };
}
