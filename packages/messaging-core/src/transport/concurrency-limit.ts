/**
 * A counting semaphore for transports: at most `limit` holders at once (an endpoint's handlers, however many
 * receivers, partitions or sessions feed it); the others wait in arrival order, and a released slot passes straight
 * to the next waiter.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting = new Set<(granted: boolean) => void>();

  constructor(readonly limit: number) {}

  /**
   * Resolves true with a slot taken (release it exactly once), or false if `signal` aborts first (no slot taken).
   * Without a signal it waits as long as it takes.
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

  /** Takes a slot if one is free now; never waits. */
  tryAcquire(): boolean {
    if (this.running >= this.limit) return false;
    this.running++;
    return true;
  }

  /** Gives back `count` slots taken by acquire or tryAcquire. */
  release(count = 1): void {
    for (let index = 0; index < count; index++) {
      const [next] = this.waiting;
      if (next) {
        // The slot passes straight to the next waiter.
        this.waiting.delete(next);
        next(true);
      } else {
        this.running--;
      }
    }
  }
}
