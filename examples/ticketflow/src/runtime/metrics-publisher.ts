import type { BusEvent } from '@pragmatic-messaging/core';
import { MetricTick } from '../contracts/system-contracts.js';
import type { ServiceContext } from './service-module.js';

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/**
 * Real metrics, not random ones: what this service's bus did in the last interval (handled/s, failures,
 * retries, dead letters, handling latency p50/p95), how many messages wait for a delayed retry now, its outbox
 * backlog, and the process's CPU and memory.
 * Published as MetricTick, fire-and-forget, every `metricsIntervalMs`.
 */
export function startMetricsPublisher(context: ServiceContext): () => Promise<void> {
  let window = { handled: 0, failures: 0, retries: 0, deadLetters: 0, latencies: [] as number[] };
  // Messages waiting for a delayed retry right now: a retry can take seconds, and a count per interval shows 0
  // for most of them.
  const waiting = new Set<string>();
  const unsubscribe = context.messaging.onEvent((event: BusEvent) => {
    if (event.kind === 'published') return;
    waiting.delete(`${event.endpoint}|${event.messageId}`);
    if (event.kind === 'handled') {
      window.handled++;
      window.latencies.push(event.durationMs);
    } else if (event.kind === 'failed') {
      window.failures++;
      // Immediate and delayed retries alike: each failure that will be tried again is a retry.
      if (event.willRetry !== 'no') window.retries++;
    } else if (event.kind === 'retry-scheduled') waiting.add(`${event.endpoint}|${event.messageId}`);
    else if (event.kind === 'dead-lettered') window.deadLetters++;
  });
  const intervalMs = context.config.timing.metricsIntervalMs;
  let cpu = process.cpuUsage();
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const elapsedMs = now - last;
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    last = now;
    const current = window;
    window = { handled: 0, failures: 0, retries: 0, deadLetters: 0, latencies: [] };
    const latencies = current.latencies.sort((a, b) => a - b);
    const health = context.messaging.health();
    const tick = {
      service: context.name,
      instanceId: context.config.instanceId,
      status:
        health.status === 'healthy' && (health.outbox?.consecutiveFailures ?? 0) === 0 ? 'Healthy' : 'Error',
      at: new Date().toISOString(),
      handledPerSecond: Math.round((current.handled * 1000 * 10) / elapsedMs) / 10,
      failures: current.failures,
      retries: current.retries,
      retrying: waiting.size,
      deadLetters: current.deadLetters,
      latencyP50Ms: Math.round(percentile(latencies, 0.5) * 10) / 10,
      latencyP95Ms: Math.round(percentile(latencies, 0.95) * 10) / 10,
      outboxBacklog: health.outbox?.backlog.unsent ?? 0,
      cpuPercent: Math.round(((used.user + used.system) / 1000 / elapsedMs) * 1000) / 10,
      memoryMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
    } as const;
    if (health.state !== 'started') return;
    context.messaging.publish(MetricTick, tick).catch((error) => {
      context.logger.debug({ err: error }, 'Metric tick not published');
    });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    unsubscribe();
  };
}
