import { asyncScheduler, bufferTime, map, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { BusEvent } from '../observability/bus-events.js';

/** What one endpoint did during one window, for a dashboard row. */
export interface EndpointStats {
  readonly endpoint: string;
  readonly windowMs: number;
  /** Deliveries handled successfully. */
  readonly handled: number;
  /** Handler runs that threw (immediate retries included). */
  readonly failed: number;
  readonly retried: number;
  readonly deadLettered: number;
  readonly skipped: number;
  /** Successful deliveries per second over the window. */
  readonly handledPerSecond: number;
  /** Mean and worst pipeline time of successful deliveries, ms; 0 when none. */
  readonly meanDurationMs: number;
  readonly maxDurationMs: number;
}

type ConsumeEvent = Exclude<BusEvent, { kind: 'published' }>;

/**
 * Every `windowMs`, one row per endpoint that saw activity in that window (sorted by name; an empty array when
 * the bus was idle). Pass a scheduler to drive the windows from virtual time in tests.
 */
export function endpointStats(
  windowMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): OperatorFunction<BusEvent, readonly EndpointStats[]> {
  if (!(windowMs > 0)) throw new RangeError(`endpointStats needs a window above 0 ms, got ${windowMs}`);
  return (events) =>
    events.pipe(
      bufferTime(windowMs, scheduler),
      map((window) => summarise(window, windowMs)),
    );
}

function summarise(window: readonly BusEvent[], windowMs: number): readonly EndpointStats[] {
  const byEndpoint = new Map<string, ConsumeEvent[]>();
  for (const event of window) {
    if (event.kind === 'published') continue;
    byEndpoint.set(event.endpoint, [...(byEndpoint.get(event.endpoint) ?? []), event]);
  }
  return [...byEndpoint]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([endpoint, events]) => statsOf(endpoint, events, windowMs));
}

function statsOf(endpoint: string, events: readonly ConsumeEvent[], windowMs: number): EndpointStats {
  const count = (kind: ConsumeEvent['kind']) => events.filter((event) => event.kind === kind).length;
  const durations = events.filter((event) => event.kind === 'handled').map((event) => event.durationMs);
  const handled = durations.length;
  return {
    endpoint,
    windowMs,
    handled,
    failed: count('failed'),
    retried: count('retry-scheduled'),
    deadLettered: count('dead-lettered'),
    skipped: count('skipped'),
    handledPerSecond: (handled * 1000) / windowMs,
    meanDurationMs: handled ? durations.reduce((sum, duration) => sum + duration, 0) / handled : 0,
    maxDurationMs: handled ? Math.max(...durations) : 0,
  };
}
