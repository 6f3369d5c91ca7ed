export interface MetricTick {
  service: string;
  instanceId: string;
  status: 'Healthy' | 'Error' | 'Unknown';
  at: string;
  handledPerSecond: number;
  failures: number;
  /** Failures in the tick's interval that will be tried again. */
  retries: number;
  /** Messages waiting for a delayed retry when the tick was taken. */
  retrying: number;
  deadLetters: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  outboxBacklog: number;
  cpuPercent: number;
  memoryMb: number;
}

/** The last ticks of every service, oldest first, as the sparklines draw them. */
export type MetricsHistory = Record<string, MetricTick[]>;

export const metricsHistoryLength = 30;

/** Adds a tick to its service's series, keeping only the newest `limit` points. */
export function appendTick(
  history: MetricsHistory,
  tick: MetricTick,
  limit = metricsHistoryLength,
): MetricsHistory {
  const series = [...(history[tick.service] ?? []), tick];
  return { ...history, [tick.service]: series.slice(-limit) };
}

/** Failures, retries and dead letters summed over the ticks kept (about the last 30 s), so they do not flicker. */
export function recentTotals(
  ticks: readonly MetricTick[],
): Pick<MetricTick, 'failures' | 'retries' | 'deadLetters'> {
  return ticks.reduce(
    (totals, tick) => ({
      failures: totals.failures + tick.failures,
      retries: totals.retries + tick.retries,
      deadLetters: totals.deadLetters + tick.deadLetters,
    }),
    { failures: 0, retries: 0, deadLetters: 0 },
  );
}
