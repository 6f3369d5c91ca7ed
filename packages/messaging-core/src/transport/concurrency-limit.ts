/**
 * A counting semaphore for transports: at most `limit` holders at once (an endpoint's handlers, however many
 * receivers, partitions, sessions or queues feed it); the others wait in arrival order, and a released slot passes
 * straight to the next waiter. A consumer that stops pauses it (no new slot is granted, holders finish) and awaits
 * `idle()` before it closes what the holders still settle on.
 */
export class ConcurrencyLimit {
  private running = 0;
  private paused = false;
  private readonly waiting = new Set<(granted: boolean) => void>();
  private idleWaiters: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /**
   * Resolves true with a slot taken (release it exactly once), or false if `signal` aborts first (no slot taken).
   * Without a signal it waits as long as it takes (while paused: until resumed).
   */
  acquire(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (this.tryAcquire()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        this.waiting.delete(grant);
        resolve(false);
      };
      const grant = (granted: boolean) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(granted);
      };
      this.waiting.add(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Takes a slot if one is free now and the limit is not paused; never waits. */
  tryAcquire(): boolean {
    if (this.paused || this.running >= this.limit) return false;
    this.running++;
    return true;
  }

  /** Gives back `count` slots taken by acquire or tryAcquire. */
  release(count = 1): void {
    for (let index = 0; index < count; index++) {
      const [next] = this.waiting;
      if (next && !this.paused) {
        // The slot passes straight to the next waiter.
        this.waiting.delete(next);
        next(true);
      } else {
        this.running--;
      }
    }
    if (this.running === 0) this.notifyIdle();
  }

  /** Grants no slot from now on (holders keep theirs; waiters go on waiting) until `resume()`. */
  pause(): void {
    this.paused = true;
  }

  /** Grants slots again: the free ones go to the waiters, in arrival order. */
  resume(): void {
    this.paused = false;
    for (const next of this.waiting) {
      if (this.running >= this.limit) return;
      this.waiting.delete(next);
      this.running++;
      next(true);
    }
  }

  /** Resolves once no slot is held (at once if none is). */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
