import type { TransportMessage } from '../contracts/transport-message.js';
import { settlesWithin } from '../lifecycle/settles-within.js';
import type { Logger } from '../observability/logger.js';
import type {
  MessageStore,
  OutboxBacklog,
  OutboxEntry,
  OutboxPublishReport,
  OutboxRowFailure,
} from '../stores/message-store.js';
import { orderingKeyOf } from '../stores/outbox-row.js';
import { flushAtStop } from './flush-at-stop.js';

export interface OutboxOptions {
  /** Rows claimed and published per round. Default 100. */
  readonly batchSize?: number;
  /**
   * Rounds in flight at once. Each round waits for the broker to confirm its whole batch; several rounds keep the
   * broker busy meanwhile. They claim disjoint keys, so per-key order holds. Default 4.
   */
  readonly concurrency?: number;
  /** Safety-net poll for rows nobody announced (crashed relay, missed notification), ms. Default 1 000. */
  readonly pollIntervalMs?: number;
  /** Keep sent rows this long (for inspection) before cleanup deletes them, ms. Default 1 hour. */
  readonly sentRetentionMs?: number;
  /** How often cleanup runs, ms. Default 60 000. */
  readonly cleanupIntervalMs?: number;
  /** Backoff after a failed round: first delay and cap, ms. Defaults 200 and 30 000. */
  readonly backoffMs?: { readonly initial: number; readonly max: number };
}

export interface OutboxRelayHealth {
  readonly running: boolean;
  readonly backlog: OutboxBacklog;
  readonly consecutiveFailures: number;
  readonly lastError?: string | undefined;
  readonly published: number;
}

export interface OutboxRelaySettings {
  readonly store: MessageStore;
  /** The backlog figures health reports (kept fresh by the bus's store watch). */
  readonly backlog: () => OutboxBacklog;
  readonly send: (messages: readonly TransportMessage[]) => Promise<void>;
  readonly logger: Logger;
  readonly options: OutboxOptions;
  readonly inboxRetentionMs: number;
  /** Called after each batch is published and before it is marked sent (fault injection point). */
  readonly afterPublish?: (entries: readonly OutboxEntry[]) => Promise<void>;
}

interface OneByOneReport {
  readonly published: readonly OutboxEntry[];
  readonly failed: readonly OutboxRowFailure[];
}

/**
 * Publishes committed outbox rows. Three triggers: right after a local commit (fast path), a notification that
 * another process committed rows (LISTEN/NOTIFY), and a poll as the safety net. Rows go out in per-key order;
 * several relays (processes) may run against one database. Failures back off exponentially with jitter and show
 * in health(); nothing is dropped — a row stays unsent until the broker confirmed it.
 */
export class OutboxRelay {
  /** Drain loops running now; at most `concurrency`, each claiming its own keys. */
  private readonly loops = new Set<Promise<void>>();
  /** A kick came while it could not start a loop (all busy, or backing off): start one when possible. */
  private again = false;
  private stopped = true;
  /** Wakes the relay: every `pollIntervalMs`, or when a backoff ends. */
  private pollTimer: NodeJS.Timeout | undefined;
  private cleanupTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private consecutiveFailures = 0;
  private lastError: string | undefined;
  /** After a failure, no round starts before this moment (ms since the epoch). */
  private retryAt = 0;
  private published = 0;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;

  constructor(private readonly settings: OutboxRelaySettings) {
    this.batchSize = settings.options.batchSize ?? 100;
    this.concurrency = Math.max(1, settings.options.concurrency ?? 4);
    this.pollIntervalMs = settings.options.pollIntervalMs ?? 1_000;
  }

  async start(): Promise<void> {
    this.unlisten = await this.settings.store.onOutboxCommitted(() => this.kick());
    this.stopped = false;
    this.schedulePoll(0);
    const cleanupInterval = this.settings.options.cleanupIntervalMs ?? 60_000;
    this.cleanupTimer = setInterval(() => void this.cleanup(), cleanupInterval);
    this.cleanupTimer.unref();
  }

  /**
   * Publish what is waiting now. A kick starts another drain loop while fewer than `concurrency` run, so a row
   * committed during a slow round does not wait for it; otherwise — or while the relay backs off after a failure —
   * it is remembered, and served when a loop finishes or the backoff ends.
   */
  kick(): void {
    if (this.stopped) return;
    if (this.loops.size >= this.concurrency || Date.now() < this.retryAt) {
      this.again = true;
      return;
    }
    this.startLoop();
  }

  private startLoop(): void {
    const loop: Promise<void> = this.drainLoop()
      .then(
        () => this.recordSuccess(),
        (error: unknown) => this.recordFailure(error),
      )
      .finally(() => {
        this.loops.delete(loop);
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
    this.loops.add(loop);
  }

  private recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.lastError = undefined;
    this.retryAt = 0;
  }

  private recordFailure(error: unknown): void {
    this.consecutiveFailures++;
    this.lastError = error instanceof Error ? error.message : String(error);
    const delay = this.backoffDelay();
    this.retryAt = Date.now() + delay;
    this.settings.logger.warn(
      { err: error, consecutiveFailures: this.consecutiveFailures, retryInMs: delay },
      'Outbox relay failed to publish; backing off',
    );
    this.schedulePoll(delay);
  }

  /** Resolves once no drain loop runs (loops started meanwhile are awaited too). */
  private async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.allSettled([...this.loops]);
  }

  /**
   * Stop the triggers, let the current rounds finish (for at most `timeoutMs`; not at all with the broker away, as
   * they can only fail), then make the last try of flush-at-stop.ts. A round still waiting for the broker after the
   * timeout is left behind. Rows not sent stay, and go out after the next start.
   */
  async stop(
    timeoutMs = Number.POSITIVE_INFINITY,
    options: { readonly brokerAway?: boolean } = {},
  ): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearInterval(this.cleanupTimer);
    await this.unlisten?.().catch(() => {});
    const roundsMs = options.brokerAway ? 0 : timeoutMs;
    if (!(await settlesWithin(this.idle(), roundsMs))) {
      this.settings.logger.warn(
        { timeoutMs: roundsMs, rounds: this.loops.size },
        'Outbox rounds still waiting for the broker at stop; their rows stay and are sent later',
      );
      return;
    }
    await flushAtStop({
      logger: this.settings.logger,
      timeoutMs,
      brokerAway: options.brokerAway ?? false,
      lastRoundFailed:
        this.consecutiveFailures > 0
          ? { consecutiveFailures: this.consecutiveFailures, lastError: this.lastError }
          : undefined,
      unsent: () => this.settings.backlog().unsent,
      round: () => this.round(),
      batchSize: this.batchSize,
    });
  }

  health(): OutboxRelayHealth {
    return {
      running: !this.stopped,
      backlog: this.settings.backlog(),
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
      published: this.published,
    };
  }

  /** Rounds until one comes back short of a full batch (nothing more to claim for this loop). */
  private async drainLoop(): Promise<void> {
    while (!this.stopped) {
      if ((await this.round()) < this.batchSize) return;
      // A full batch means more is waiting: bring in another loop, up to `concurrency`.
      if (this.loops.size < this.concurrency) this.startLoop();
    }
  }

  private async round(): Promise<number> {
    let failure: unknown;
    const count = await this.settings.store.relayOutbox(this.batchSize, async (entries) => {
      let report: OneByOneReport = { published: entries, failed: [] };
      try {
        await this.settings.send(entries.map((entry) => entry.message));
      } catch (error) {
        failure = error;
        report = await this.publishOneByOne(entries);
      }
      await this.settings.afterPublish?.(report.published);
      return {
        published: report.published.map((entry) => entry.sequence),
        failed: report.failed,
      } satisfies OutboxPublishReport;
    });
    this.published += count;
    // Rows that could not be published stay unsent; report the failure so the relay backs off for them.
    if (failure !== undefined) throw failure;
    return count;
  }

  /**
   * A batch the broker refused may hold one bad row (a type nobody subscribes to yet, say); it must not hold up
   * every other key. Send the rows one by one and stop each key at its first failure, so per-key order holds.
   */
  private async publishOneByOne(entries: readonly OutboxEntry[]): Promise<OneByOneReport> {
    const published: OutboxEntry[] = [];
    const failed: OutboxRowFailure[] = [];
    const stuckKeys = new Set<string>();
    for (const entry of entries) {
      const key = orderingKeyOf(entry.message);
      if (stuckKeys.has(key)) continue;
      try {
        await this.settings.send([entry.message]);
        published.push(entry);
      } catch (error) {
        stuckKeys.add(key);
        failed.push({
          sequence: entry.sequence,
          error: error instanceof Error ? error.message : String(error),
        });
        this.settings.logger.warn(
          { err: error, messageId: entry.message.id, type: entry.message.type, topic: entry.message.topic },
          'Outbox row could not be published; it stays in the outbox and is retried',
        );
      }
    }
    return { published, failed };
  }

  /** The safety net: a kick every poll interval (or when a backoff ends), whatever the loops are doing. */
  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.kick();
      this.schedulePoll(this.pollIntervalMs);
    }, delayMs);
    this.pollTimer.unref();
  }

  private backoffDelay(): number {
    const { initial, max } = this.settings.options.backoffMs ?? { initial: 200, max: 30_000 };
    const exponential = Math.min(max, initial * 2 ** Math.min(this.consecutiveFailures - 1, 20));
    return Math.round(exponential / 2 + Math.random() * (exponential / 2));
  }

  private async cleanup(): Promise<void> {
    try {
      await this.settings.store.cleanup({
        sentRetentionMs: this.settings.options.sentRetentionMs ?? 3_600_000,
        inboxRetentionMs: this.settings.inboxRetentionMs,
      });
    } catch (error) {
      this.settings.logger.warn({ err: error }, 'Outbox/inbox cleanup failed; retrying at the next interval');
    }
  }
}
