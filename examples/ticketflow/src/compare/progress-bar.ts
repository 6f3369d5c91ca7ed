/** Where a compare run says how far it is. */
export interface Progress {
  /** What runs now. */
  step(label: string): void;
  /** One more run done. */
  advance(label: string): void;
}

/** Says nothing (tests, the web's compare runs). */
export const SILENT_PROGRESS: Progress = { step: () => {}, advance: () => {} };

/** A one-line progress bar on a terminal; plain lines elsewhere (CI logs). */
export class ProgressBar implements Progress {
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  step(label: string): void {
    this.render(label);
  }

  advance(label: string): void {
    this.done++;
    this.render(label);
    if (this.done === this.total && this.out.isTTY) this.out.write('\n');
  }

  private render(label: string): void {
    const width = 24;
    const filled = Math.round((this.done / Math.max(1, this.total)) * width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total} ${label}`;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${line.slice(0, (this.out.columns ?? 120) - 1)}`);
    else this.out.write(`${line}\n`);
  }
}
