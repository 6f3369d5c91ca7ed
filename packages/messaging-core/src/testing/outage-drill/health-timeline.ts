import type { Messaging } from '../../bus/messaging.js';

/** When one bus was not ready, sampled every `intervalMs`; the first reasons seen in each stretch are kept. */
export class HealthTimeline {
  private readonly timer: NodeJS.Timeout;
  private notReadySince: number | undefined;
  private readonly stretches: { from: number; to: number; reasons: readonly string[] }[] = [];
  private reasons: readonly string[] = [];
  /** The bus's state was ever something else than started (it stopped or failed underneath the drill). */
  leftStarted = false;

  constructor(
    private readonly bus: Messaging,
    intervalMs = 50,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    const health = this.bus.health();
    if (health.state !== 'started') this.leftStarted = true;
    const now = Date.now();
    if (!health.ready && this.notReadySince === undefined) {
      this.notReadySince = now;
      this.reasons = health.reasons;
    } else if (health.ready && this.notReadySince !== undefined) {
      this.stretches.push({ from: this.notReadySince, to: now, reasons: this.reasons });
      this.notReadySince = undefined;
    }
  }

  /** Whether the bus is ready now (sampled at once). */
  get ready(): boolean {
    this.sample();
    return this.notReadySince === undefined;
  }

  /** Not-ready stretches that overlap `[from, to]` (the outage, with some slack after it). */
  notReadyDuring(from: number, to: number) {
    return this.stretches.filter((stretch) => stretch.to >= from && stretch.from <= to);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}
