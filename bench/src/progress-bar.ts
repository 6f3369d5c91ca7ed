/**
 * One line on stderr, redrawn in place: how far the whole scenario is, and which contender runs now. Silent when
 * stderr is not a terminal (CI logs, tests), where a redrawn line would only be noise.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = Boolean(stream.isTTY);
  }

  /** Moves the bar to `completedBefore + doneNow` units, labelled with what is running. */
  update(completed: number, label: string): void {
    this.done = Math.min(this.total, completed);
    if (!this.enabled) return;
    const width = 30;
    const ratio = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(ratio * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.stream.write(`\r${bar} ${(ratio * 100).toFixed(0).padStart(3)}%  ${label}`.padEnd(100));
  }

  finish(): void {
    if (this.enabled) this.stream.write('\n');
  }
}
