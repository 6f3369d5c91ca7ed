/**
 * Resolves once `expected` distinct messages arrived; rejects after `timeoutMs` naming what it waited for and how
 * far it got, so a stuck run fails with a reason instead of hanging.
 */
export class CompletionLatch {
  private readonly seen: Uint8Array;
  private received = 0;
  private duplicates = 0;
  private resolve!: () => void;
  private reject!: (error: Error) => void;
  private timer: NodeJS.Timeout | undefined;
  private readonly milestones: { readonly count: number; readonly reached: () => void }[] = [];
  readonly done: Promise<void>;

  constructor(
    private readonly expected: number,
    private readonly what: string,
    private readonly onProgress: (received: number) => void = () => {},
  ) {
    this.seen = new Uint8Array(expected);
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (expected === 0) this.resolve();
  }

  /** Starts the deadline; call it when publishing starts, not when the consumer is set up. */
  arm(timeoutMs: number): void {
    this.timer = setTimeout(() => {
      this.reject(
        new Error(
          `${this.what}: only ${this.received} of ${this.expected} messages arrived within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    this.done.then(
      () => clearTimeout(this.timer),
      () => clearTimeout(this.timer),
    );
  }

  /** Records one arrival; returns false for a duplicate (redelivery), which does not count. */
  arrive(seq: number): boolean {
    if (seq < 0 || seq >= this.expected) {
      this.reject(new Error(`${this.what}: received message ${seq}, outside 0..${this.expected - 1}`));
      return false;
    }
    if (this.seen[seq]) {
      this.duplicates++;
      return false;
    }
    this.seen[seq] = 1;
    this.received++;
    if (this.received % 1_000 === 0 || this.received === this.expected) this.onProgress(this.received);
    if (this.received === this.expected) this.resolve();
    while (this.milestones[0] && this.milestones[0].count <= this.received)
      this.milestones.shift()!.reached();
    return true;
  }

  /** Resolves once `count` distinct messages arrived (or the latch failed). Milestones must be asked in order. */
  whenReceived(count: number): Promise<void> {
    if (count <= this.received) return Promise.resolve();
    const reached = new Promise<void>((resolve) => this.milestones.push({ count, reached: resolve }));
    return Promise.race([reached, this.done]);
  }

  /** A consumer failure ends the run with that failure. */
  fail(error: unknown): void {
    this.reject(error instanceof Error ? error : new Error(`${this.what}: ${String(error)}`));
  }

  get duplicateCount(): number {
    return this.duplicates;
  }
}
