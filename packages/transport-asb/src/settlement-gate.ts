/**
 * Orders the settlements of one receiver so that a message's outcome cannot be taken for another's.
 *
 * rhea (the SDK's AMQP library, 3.0.x) writes the dispositions queued in one turn of the event loop as ranges, and
 * puts the second of a run of consecutive deliveries into the first one's range without comparing their outcomes
 * (`write_dispositions` in rhea/lib/session.js). Two messages settled in the same turn — one completed, one
 * dead-lettered — then both reach Service Bus as completed: the dead letter is lost. Found against our emulator;
 * Service Bus receives the same frames. Completions may share a range (their outcome is the same), so they run
 * side by side; every other outcome waits until nothing else is in flight and runs alone.
 */
export class SettlementGate {
  private running = 0;
  private exclusive: Promise<void> = Promise.resolve();
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};

  /** Complete: alongside other completions, never alongside another outcome. */
  async complete<T>(action: () => Promise<T>): Promise<T> {
    await this.exclusive;
    this.enter();
    try {
      return await action();
    } finally {
      this.leave();
    }
  }

  /** Abandon, dead-letter, defer: alone. */
  async alone<T>(action: () => Promise<T>): Promise<T> {
    const previous = this.exclusive;
    let release!: () => void;
    this.exclusive = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      await this.idle;
      this.enter();
      try {
        return await action();
      } finally {
        this.leave();
      }
    } finally {
      release();
    }
  }

  private enter(): void {
    if (this.running++ === 0) {
      this.idle = new Promise<void>((resolve) => {
        this.markIdle = resolve;
      });
    }
  }

  private leave(): void {
    if (--this.running === 0) this.markIdle();
  }
}
