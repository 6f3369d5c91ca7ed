import { type EndpointStats, endpointStats } from '@pragmatic-messaging/core/rx';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../src/index.js';

const base = { type: 'tickets.ticket-created', messageId: 'm', attempt: 1 };
const handled = (endpoint: string, durationMs: number): BusEvent => ({
  kind: 'handled',
  endpoint,
  durationMs,
  ...base,
});
const failed = (endpoint: string): BusEvent => ({
  kind: 'failed',
  endpoint,
  durationMs: 0,
  error: new Error('x'),
  willRetry: 'later',
  ...base,
});
const retried = (endpoint: string): BusEvent => ({
  kind: 'retry-scheduled',
  endpoint,
  durationMs: 1,
  delayMs: 10,
  error: new Error('x'),
  ...base,
});
const deadLettered = (endpoint: string): BusEvent => ({
  kind: 'dead-lettered',
  endpoint,
  durationMs: 1,
  error: new Error('x'),
  ...base,
});
const published: BusEvent = {
  kind: 'published',
  type: 'x',
  messageId: 'p',
  topic: 'tickets',
  message: {},
};

const row = (endpoint: string, counts: Partial<EndpointStats>): EndpointStats => ({
  endpoint,
  windowMs: 1000,
  handled: 0,
  failed: 0,
  retried: 0,
  deadLettered: 0,
  skipped: 0,
  handledPerSecond: 0,
  meanDurationMs: 0,
  maxDurationMs: 0,
  ...counts,
});

describe('endpointStats', () => {
  it('summarises each window per endpoint, ignoring publishes, on virtual time', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const events = cold<BusEvent>('a 99ms b 99ms c 99ms d 499ms e 1999ms |', {
        a: handled('desk', 10),
        b: handled('desk', 30),
        c: failed('audit'),
        d: retried('audit'),
        e: published,
      });
      // Windows close at 1000 and 2000 ms; the source completes at 2800 ms, flushing the third window.
      expectObservable(events.pipe(endpointStats(1000, scheduler))).toBe('1000ms x 999ms y 799ms (z|)', {
        x: [
          row('audit', { failed: 1, retried: 1 }),
          row('desk', { handled: 2, handledPerSecond: 2, meanDurationMs: 20, maxDurationMs: 30 }),
        ],
        y: [],
        z: [],
      });
    });
  });

  it('counts dead letters and skips, and per-second rates scale with the window', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable }) => {
      const skipped: BusEvent = {
        kind: 'skipped',
        endpoint: 'log',
        durationMs: 0,
        reason: 'not-subscribed',
        ...base,
      };
      const events = cold<BusEvent>('a b c 496ms |', {
        a: deadLettered('log'),
        b: skipped,
        c: handled('log', 4),
      });
      // The source completes before the window closes, which flushes the partial window.
      expectObservable(events.pipe(endpointStats(500, scheduler))).toBe('499ms (x|)', {
        x: [
          row('log', {
            windowMs: 500,
            deadLettered: 1,
            skipped: 1,
            handled: 1,
            handledPerSecond: 2,
            meanDurationMs: 4,
            maxDurationMs: 4,
          }),
        ],
      });
    });
  });

  it('rejects a window that is not positive', () => {
    expect(() => endpointStats(0)).toThrow('endpointStats needs a window above 0 ms, got 0');
  });
});
