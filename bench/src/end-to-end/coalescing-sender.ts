interface Waiting<Item> {
  readonly items: readonly Item[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Sends items that arrive while a request is in flight together in the next request. With one request in flight
 * (as Kafka's idempotent producer requires) this is how a client keeps up at a steady rate without waiting a
 * round trip per message; every caller still learns whether its own items were acknowledged.
 */
export class CoalescingSender<Item> {
  private waiting: Waiting<Item>[] = [];
  private sending = false;

  constructor(private readonly sendAll: (items: readonly Item[]) => Promise<void>) {}

  send(items: readonly Item[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.sendAll(batch.flatMap((waiting) => waiting.items));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.sending = false;
  }
}
