import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PublishTracker } from '../../src/bus/publish-tracker.js';
import { PublishError } from '../../src/index.js';

describe('a run of failed sends means the bus cannot publish', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports nothing but zero before any failure', () => {
    expect(new PublishTracker().health()).toStrictEqual({ consecutiveFailures: 0 });
  });

  it('counts failures in a row, with the last error and when it happened', () => {
    const tracker = new PublishTracker();
    tracker.failed(new Error('connection closed'));
    vi.advanceTimersByTime(250);
    tracker.failed(new PublishError('nack from the broker'));
    expect(tracker.health()).toStrictEqual({
      consecutiveFailures: 2,
      lastError: 'nack from the broker',
      lastFailureAt: 1_000_250,
    });
  });

  it('a send that works ends the run', () => {
    const tracker = new PublishTracker();
    tracker.failed(new Error('connection closed'));
    tracker.succeeded();
    expect(tracker.health()).toStrictEqual({ consecutiveFailures: 0 });
    tracker.failed(new Error('again'));
    expect(tracker.health().consecutiveFailures).toBe(1);
  });

  it('a refusal of one message for what it is does not count: the broker works', () => {
    const tracker = new PublishTracker();
    tracker.failed(new PublishError('unroutable: nobody subscribes', { scope: 'message' }));
    expect(tracker.health()).toStrictEqual({ consecutiveFailures: 0 });
    tracker.failed(new PublishError('broker unreachable', { scope: 'broker' }));
    expect(tracker.health()).toMatchObject({ consecutiveFailures: 1, lastError: 'broker unreachable' });
  });

  it('something thrown that is not an Error is reported as text', () => {
    const tracker = new PublishTracker();
    tracker.failed('socket hang up');
    expect(tracker.health().lastError).toBe('socket hang up');
  });
});
