// Grow only when a full batch came back at once: the messages were already waiting (a backlog). A batch of one
// that had to wait for its message says nothing about what comes next.
const BACKLOG_MS = 20;

/**
 * How many messages to ask for in the next receive. The SDK's `receiveMessages` returns at once when it has as many
 * as asked for, but otherwise waits a fixed second after the first message for more (not configurable in 7.9), so
 * asking for more than will come adds up to a second to every message under light traffic. Ask for one while
 * traffic is light, and double (up to what the endpoint may hold) while full batches come back at once.
 */
export class ReceiveBatchSize {
  private size = 1;

  next(limit: number): number {
    return Math.max(1, Math.min(this.size, limit));
  }

  received(asked: number, got: number, elapsedMs: number): void {
    if (got < asked) this.size = 1;
    else if (elapsedMs <= BACKLOG_MS) this.size *= 2;
  }
}
