import type { ConformanceLevel } from './conformance-situation.js';

interface SkippedSituation {
  readonly level: ConformanceLevel;
  readonly title: string;
  readonly reason: string;
}

/**
 * What one transport's run of the suite left out and why, printed once the run ends: a skipped situation is a
 * decision the transport's capabilities made, and a reader should see it next to the passes.
 */
export class ConformanceReport {
  private readonly skipped: SkippedSituation[] = [];
  private ran = 0;

  constructor(private readonly transportName: string) {}

  recordRun(): void {
    this.ran++;
  }

  recordSkip(level: ConformanceLevel, title: string, reason: string): void {
    this.skipped.push({ level, title, reason });
  }

  skips(): readonly SkippedSituation[] {
    return this.skipped;
  }

  format(): string {
    const header = `Conformance of ${this.transportName}: ${this.ran} situation(s) ran, ${this.skipped.length} skipped`;
    if (this.skipped.length === 0) return `${header}.\n`;
    const lines = this.skipped.map(
      (skip) => `  - [${skip.level}] ${skip.title}\n      because ${skip.reason}`,
    );
    return `${header}:\n${lines.join('\n')}\n`;
  }
}
