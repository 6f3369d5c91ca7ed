/**
 * Decides when buffered deliveries are handled: at most `concurrency` at once overall and at most `perLane` at
 * once per lane. Ordered endpoints use one lane per partition queue with `perLane` 1, so each partition is handled
 * strictly in order while different partitions run side by side.
 */
export class DeliveryScheduler<Job> {
  private readonly lanes = new Map<string, { waiting: Job[]; running: number }>();
  private running = 0;
  private paused = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly perLane: number,
    private readonly run: (job: Job) => Promise<void>,
  ) {}

  push(lane: string, job: Job): void {
    const state = this.lanes.get(lane) ?? { waiting: [], running: 0 };
    this.lanes.set(lane, state);
    state.waiting.push(job);
    this.pump();
  }

  /** Take back every job not started yet that matches (e.g. those of a closed channel). */
  drop(matches: (job: Job) => boolean = () => true): Job[] {
    const dropped: Job[] = [];
    for (const state of this.lanes.values()) {
      dropped.push(...state.waiting.filter(matches));
      state.waiting = state.waiting.filter((job) => !matches(job));
    }
    return dropped;
  }

  /** Start nothing new from now on; jobs already running go on. */
  pause(): void {
    this.paused = true;
  }

  /** Resolves when no job is running. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    let started = !this.paused;
    while (started && this.running < this.concurrency) {
      started = false;
      for (const state of this.lanes.values()) {
        if (this.running >= this.concurrency) return;
        if (state.running >= this.perLane || state.waiting.length === 0) continue;
        this.start(state, state.waiting.shift()!);
        started = true;
      }
    }
  }

  private start(state: { running: number }, job: Job): void {
    this.running++;
    state.running++;
    void Promise.resolve()
      .then(() => this.run(job))
      .finally(() => {
        this.running--;
        state.running--;
        if (this.running === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
        this.pump();
      });
  }
}
