import { ConcurrencyLimit } from '@pragmatic-messaging/core';

/** The deliveries of one lane (a queue) not started yet, and the slots of the lane its running ones hold. */
interface Lane<Job> {
  waiting: Job[];
  readonly slots: ConcurrencyLimit;
}

/**
 * Decides which buffered delivery is handled next: lanes take turns, each at most `perLane` at once, under the
 * endpoint's `ConcurrencyLimit` (core's semaphore, shared with Kafka and Service Bus). Ordered endpoints use one
 * lane per partition queue with `perLane` 1, so each partition is handled strictly in order while different
 * partitions run side by side.
 */
export class DeliveryScheduler<Job> {
  private readonly lanes = new Map<string, Lane<Job>>();
  private readonly limit: ConcurrencyLimit;

  constructor(
    concurrency: number,
    private readonly perLane: number,
    private readonly run: (job: Job) => Promise<void>,
  ) {
    this.limit = new ConcurrencyLimit(concurrency);
  }

  push(lane: string, job: Job): void {
    const state = this.lanes.get(lane) ?? { waiting: [], slots: new ConcurrencyLimit(this.perLane) };
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
    this.limit.pause();
  }

  /** Resolves when no job is running. */
  idle(): Promise<void> {
    return this.limit.idle();
  }

  /** Starts waiting jobs, one lane after the other, until the limit or every lane is full. */
  private pump(): void {
    let started = true;
    while (started) {
      started = false;
      for (const state of this.lanes.values()) {
        if (state.waiting.length === 0 || !state.slots.tryAcquire()) continue;
        if (!this.limit.tryAcquire()) {
          state.slots.release();
          return;
        }
        this.start(state, state.waiting.shift()!);
        started = true;
      }
    }
  }

  private start(state: Lane<Job>, job: Job): void {
    void Promise.resolve()
      .then(() => this.run(job))
      .finally(() => {
        state.slots.release();
        this.limit.release();
        this.pump();
      });
  }
}
