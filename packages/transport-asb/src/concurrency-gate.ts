/** At most `limit` handlers of one endpoint at once, however many receivers (topics, sessions) feed it. */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting = new Set<(granted: boolean) => void>();

  constructor(readonly limit: number) {}

  /** Resolves true with a slot taken (release it exactly once), or false if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.tryAcquire()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        this.waiting.delete(grant);
        resolve(false);
      };
      const grant = (granted: boolean) => {
        signal.removeEventListener('abort', onAbort);
        resolve(granted);
      };
      this.waiting.add(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  tryAcquire(): boolean {
    if (this.running >= this.limit) return false;
    this.running++;
    return true;
  }

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
