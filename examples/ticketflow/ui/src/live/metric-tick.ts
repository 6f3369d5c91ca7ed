export interface MetricTick {
  service: string;
  instanceId: string;
  status: 'Healthy' | 'Error' | 'Unknown';
  at: string;
  handledPerSecond: number;
  failures: number;
  retries: number;
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
