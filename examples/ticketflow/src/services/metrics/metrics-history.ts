import type { MessageOf } from '@pragmatic-messaging/core';
import type { MetricTick } from '../../contracts/system-contracts.js';

export type Tick = MessageOf<typeof MetricTick>;

/** One service instance's latest tick and its recent ticks, oldest first (what a sparkline draws). */
export interface InstanceMetrics {
  readonly service: string;
  readonly instanceId: string;
  readonly latest: Tick;
  readonly history: readonly Tick[];
}

export const HISTORY_LENGTH = 20;

/** The last ticks per service instance, in memory: metrics are live signals, not records worth a table. */
export class MetricsHistory {
  private readonly series = new Map<string, Tick[]>();

  constructor(private readonly length = HISTORY_LENGTH) {}

  record(tick: Tick): void {
    const key = `${tick.service}\u0000${tick.instanceId}`;
    const ticks = this.series.get(key) ?? [];
    ticks.push(tick);
    // Brokers may deliver fire-and-forget ticks slightly out of order; keep them in time order.
    ticks.sort((a, b) => a.at.localeCompare(b.at));
    if (ticks.length > this.length) ticks.splice(0, ticks.length - this.length);
    this.series.set(key, ticks);
  }

  /** Every instance seen, by service then instance. */
  snapshot(): InstanceMetrics[] {
    return [...this.series.values()]
      .map((ticks) => {
        const latest = ticks[ticks.length - 1]!;
        return { service: latest.service, instanceId: latest.instanceId, latest, history: [...ticks] };
      })
      .sort((a, b) => a.service.localeCompare(b.service) || a.instanceId.localeCompare(b.instanceId));
  }
}
