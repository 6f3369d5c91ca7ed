import { settlesWithin } from '../lifecycle/settles-within.js';
import type { Logger } from '../observability/logger.js';

export interface FlushAtStop {
  readonly logger: Logger;
  /** How long the flush may wait for the broker. */
  readonly timeoutMs: number;
  /** The bus says its transport lost the broker. */
  readonly brokerAway: boolean;
  /** Set when the relay's last round failed. */
  readonly lastRoundFailed?: { readonly consecutiveFailures: number; readonly lastError: string | undefined };
  /** Unsent rows, as health reports them. */
  unsent(): number;
  /** One relay round: the rows it published. */
  round(): Promise<number>;
  readonly batchSize: number;
}

/**
 * The outbox relay's last try at stop: full batches until the outbox is empty, for at most `timeoutMs`. Not tried
 * when the last round failed or the broker is away: a flush would then only wait for the broker to fail again (22 s
 * for one row on Kafka, measured), and a stopping process should not. Rows not sent stay, and go out after the next
 * start (or from another instance's relay).
 */
export async function flushAtStop(flush: FlushAtStop): Promise<void> {
  const { logger, lastRoundFailed } = flush;
  if (lastRoundFailed) {
    logger.warn(
      lastRoundFailed,
      'Outbox not flushed at stop: its last round failed; the rows stay and are sent later',
    );
    return;
  }
  if (flush.brokerAway) {
    const unsent = flush.unsent();
    if (unsent > 0) {
      logger.warn(
        { unsent },
        'Outbox not flushed at stop: the broker is away; the rows stay and are sent later',
      );
    }
    return;
  }
  let gaveUp = false;
  const flushed = await settlesWithin(
    roundsUntilEmpty(flush, () => gaveUp),
    flush.timeoutMs,
  );
  if (flushed) return;
  gaveUp = true;
  logger.warn(
    { timeoutMs: flush.timeoutMs },
    'Outbox flush at stop still waiting for the broker; the rows not sent stay and are sent later',
  );
}

/** Full batches until one comes back short, or until the flush was given up. */
async function roundsUntilEmpty(flush: FlushAtStop, gaveUp: () => boolean): Promise<void> {
  try {
    while ((await flush.round()) === flush.batchSize && !gaveUp()) {}
  } catch (error) {
    flush.logger.warn({ err: error }, 'Outbox not fully flushed at stop; the rows stay and are sent later');
  }
}
