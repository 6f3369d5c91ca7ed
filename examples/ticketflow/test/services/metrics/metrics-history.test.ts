import { describe, expect, it } from 'vitest';
import { MetricsHistory, type Tick } from '../../../src/services/metrics/metrics-history.js';

const tick = (service: string, instanceId: string, second: number, cpuPercent = second): Tick => ({
  service,
  instanceId,
  status: 'Healthy',
  at: new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString(),
  handledPerSecond: 1,
  failures: 0,
  retries: 0,
  retrying: 0,
  deadLetters: 0,
  latencyP50Ms: 1,
  latencyP95Ms: 2,
  outboxBacklog: 0,
  cpuPercent,
  memoryMb: 100,
});

describe('MetricsHistory', () => {
  it('keeps the last 20 ticks per service instance, oldest first, with the newest as latest', () => {
    const history = new MetricsHistory();
    for (let second = 0; second < 25; second++) history.record(tick('sla', 'a', second));
    const [sla] = history.snapshot();
    expect(sla?.history).toHaveLength(20);
    expect(sla?.history.map((entry) => entry.cpuPercent)).toEqual(
      [...Array(20).keys()].map((index) => index + 5),
    );
    expect(sla?.latest.cpuPercent).toBe(24);
  });

  it('keeps instances and services apart, sorted by service then instance', () => {
    const history = new MetricsHistory();
    history.record(tick('tickets', 'b', 1));
    history.record(tick('sla', 'x', 1));
    history.record(tick('tickets', 'a', 2));
    expect(history.snapshot().map((entry) => `${entry.service}/${entry.instanceId}`)).toEqual([
      'sla/x',
      'tickets/a',
      'tickets/b',
    ]);
  });

  it('orders a late tick by its time', () => {
    const history = new MetricsHistory();
    history.record(tick('sla', 'a', 3));
    history.record(tick('sla', 'a', 1));
    const [sla] = history.snapshot();
    expect(sla?.history.map((entry) => entry.cpuPercent)).toEqual([1, 3]);
    expect(sla?.latest.cpuPercent).toBe(3);
  });
});
