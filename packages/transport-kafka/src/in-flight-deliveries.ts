/**
 * Counts one batch's deliveries in flight, so the hand-out loop can wait until fewer than `limit` run — or until
 * the consumer is abandoned. One waiter and one counter: racing all running promises per record would cost
 * O(prefetch) per record, and racing a promise that never settles would pile up reactions on it forever.
 */
export class InFlightDeliveries {
  private count = 0;
  private wake: (() => void) | undefined;
  private abandoned = false;

  track(delivery: Promise<void>): void {
    this.count++;
    delivery.then(this.finished, this.finished);
  }

  /** Resolves once fewer than `limit` deliveries are in flight (`below(1)`: all done), or after `abandon()`. */
  async below(limit: number): Promise<void> {
    while (this.count >= limit && !this.abandoned) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** The consumer closed under the batch: its deliveries can no longer be settled, so nobody waits for them. */
  abandon(): void {
    this.abandoned = true;
    this.notify();
  }

  private readonly finished = (): void => {
    this.count--;
    this.notify();
  };

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
