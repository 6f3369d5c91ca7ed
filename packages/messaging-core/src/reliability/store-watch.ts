import type { Logger } from '../observability/logger.js';
import type { MessageStore, OutboxBacklog } from '../stores/message-store.js';

export interface StoreHealth {
  /** The store answered its last check (and the check did not take too long). */
  readonly reachable: boolean;
  /** Why it is not reachable; the database's own error text (never a connection string). */
  readonly lastError?: string | undefined;
  /** When the store last answered, ms since the epoch. */
  readonly lastAnsweredAt?: number | undefined;
}

const EMPTY_BACKLOG: OutboxBacklog = { unsent: 0, oldestUnsentAgeMs: 0 };

/**
 * Asks the store every `intervalMs` how large the outbox backlog is. The answer is the backlog shown in health,
 * and whether it came is the store's reachability: a database that refuses connections, or that takes longer than
 * `slowAfterMs` to answer, is unreachable until it answers again. Runs on its own timer, so neither a relay round
 * that hangs nor a broker outage can leave the figures stale.
 */
export class StoreWatch {
  private timer: NodeJS.Timeout | undefined;
  private checking: { readonly since: number } | undefined;
  private backlogNow: OutboxBacklog = EMPTY_BACKLOG;
  private lastError: string | undefined;
  private lastAnsweredAt: number | undefined;
  private reachableNow = true;
  /** Waiting for the next check that starts after they began waiting and succeeds. */
  private readonly waiters = new Set<{ readonly since: number; readonly resolve: () => void }>();

  constructor(
    private readonly store: MessageStore,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly slowAfterMs = Math.max(5_000, intervalMs * 5),
  ) {}

  /** Checks once (so health is right from the first moment), then every interval. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Resolves true once the store answers a check begun after this call (so an answer from before an outage does not
   * count), or false when `interrupted` resolves first.
   */
  async untilAnswering(interrupted: Promise<void>): Promise<boolean> {
    let waiter: { since: number; resolve: () => void } | undefined;
    const answered = new Promise<boolean>((resolve) => {
      waiter = { since: Date.now(), resolve: () => resolve(true) };
      this.waiters.add(waiter);
    });
    try {
      return await Promise.race([answered, interrupted.then(() => false)]);
    } finally {
      if (waiter) this.waiters.delete(waiter);
    }
  }

  get backlog(): OutboxBacklog {
    return this.backlogNow;
  }

  health(): StoreHealth {
    const slow = this.checking && Date.now() - this.checking.since > this.slowAfterMs;
    if (slow) {
      return {
        reachable: false,
        lastError: `no answer from the store for ${Date.now() - this.checking!.since} ms`,
        lastAnsweredAt: this.lastAnsweredAt,
      };
    }
    return { reachable: this.reachableNow, lastError: this.lastError, lastAnsweredAt: this.lastAnsweredAt };
  }

  /** One check; a check still running is not doubled (its duration is what makes the store "slow"). */
  async check(): Promise<void> {
    if (this.checking) return;
    const since = Date.now();
    this.checking = { since };
    try {
      this.backlogNow = await this.store.outboxBacklog();
      for (const waiter of this.waiters) {
        if (waiter.since > since) continue;
        this.waiters.delete(waiter);
        waiter.resolve();
      }
      if (!this.reachableNow) this.logger.info({ store: this.store.kind }, 'Store reachable again');
      this.reachableNow = true;
      this.lastError = undefined;
      this.lastAnsweredAt = Date.now();
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (this.reachableNow) this.logger.warn({ store: this.store.kind, err: error }, 'Store unreachable');
      this.reachableNow = false;
      this.lastError = text;
    } finally {
      this.checking = undefined;
    }
  }
}
