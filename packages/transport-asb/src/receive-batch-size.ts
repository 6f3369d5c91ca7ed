/**
 * How many messages to ask for in the next receive. The SDK's `receiveMessages` returns at once when it has as many
 * as asked for, but otherwise waits a fixed second after the first message for more (not configurable in 7.9), so
 * asking for more than will come adds up to a second to every message under light traffic. Ask for one while
 * traffic is light, and double (up to what the endpoint may hold) while receives come back full.
 */
export class ReceiveBatchSize {
  private size = 1;

  next(limit: number): number {
    return Math.max(1, Math.min(this.size, limit));
  }

  received(asked: number, got: number): void {
    this.size = got >= asked ? this.size * 2 : 1;
  }
}
