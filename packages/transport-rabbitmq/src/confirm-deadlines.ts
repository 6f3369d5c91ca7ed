/** A publish waiting for its confirm: `expire` runs once if the confirm has not come by `due`. */
export interface ConfirmDeadline {
  readonly due: number;
  settled: boolean;
  readonly expire: () => void;
}

/**
 * The confirm timeouts of one publisher, kept by a single timer. A timer per publish cost a `Timeout` object, a
 * timer-list insertion and a removal for every message; every deadline here is `timeoutMs` after its publish, so
 * the deadlines are in publish order and the timer only ever waits for the oldest one still open. Confirms
 * mostly come in publish order too, so settled deadlines leave from the front at once and the queue holds about
 * what is in flight.
 */
export class ConfirmDeadlines {
  private readonly waiting: ConfirmDeadline[] = [];
  /** Index of the oldest deadline not yet removed; the array is compacted when it is mostly behind this. */
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts the clock for one publish. */
  track(expire: () => void): ConfirmDeadline {
    const deadline: ConfirmDeadline = { due: this.now() + this.timeoutMs, settled: false, expire };
    this.waiting.push(deadline);
    if (this.timer === undefined) this.arm(this.timeoutMs);
    return deadline;
  }

  /** The confirm (or a failure) came: the deadline no longer applies. */
  settle(deadline: ConfirmDeadline): void {
    deadline.settled = true;
    this.dropSettled();
  }

  /** How many deadlines are still queued, settled ones behind an open one included (tests look at this). */
  get size(): number {
    return this.waiting.length - this.head;
  }

  /** How many entries the queue's array holds, the removed ones not yet compacted away included. */
  get footprint(): number {
    return this.waiting.length;
  }

  private reset(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.length = 0;
    this.head = 0;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(this.expireDue, Math.max(0, delayMs));
  }

  private readonly expireDue = (): void => {
    this.timer = undefined;
    const now = this.now();
    while (this.head < this.waiting.length) {
      const deadline = this.waiting[this.head]!;
      if (!deadline.settled) {
        if (deadline.due > now) break;
        deadline.settled = true;
        deadline.expire();
      }
      this.head++;
    }
    this.compact();
    const oldest = this.waiting[this.head];
    if (oldest) this.arm(oldest.due - now);
  };

  private dropSettled(): void {
    while (this.head < this.waiting.length && this.waiting[this.head]!.settled) this.head++;
    this.compact();
  }

  private compact(): void {
    if (this.head === this.waiting.length) {
      // Nothing in flight: no timer may hold the process open for a publish that is done.
      this.reset();
    } else if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}
