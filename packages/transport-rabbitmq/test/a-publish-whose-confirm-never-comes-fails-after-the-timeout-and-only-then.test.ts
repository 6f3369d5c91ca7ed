import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfirmDeadlines } from '../src/confirm-deadlines.js';

const TIMEOUT_MS = 1_000;

describe('confirm deadlines (one timer for every publish waiting for its confirm)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const track = (deadlines: ConfirmDeadlines, expired: string[], name: string) =>
    deadlines.track(() => expired.push(name));

  it('expires each unconfirmed publish once, at its own deadline, and never a confirmed one', () => {
    const deadlines = new ConfirmDeadlines(TIMEOUT_MS);
    const expired: string[] = [];
    track(deadlines, expired, 'a');
    const b = track(deadlines, expired, 'b');
    vi.advanceTimersByTime(400);
    track(deadlines, expired, 'c');
    deadlines.settle(b);

    vi.advanceTimersByTime(599);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    // The timer was armed again for the next open deadline, 400 ms later, not a whole timeout later.
    vi.advanceTimersByTime(399);
    expect(expired).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a', 'c']);
    vi.advanceTimersByTime(10 * TIMEOUT_MS);
    expect(expired).toEqual(['a', 'c']);
    expect(deadlines.size).toBe(0);
  });

  it('holds no timer once every publish is confirmed, so nothing keeps the process alive', () => {
    const deadlines = new ConfirmDeadlines(TIMEOUT_MS);
    const expired: string[] = [];
    const first = track(deadlines, expired, 'first');
    const second = track(deadlines, expired, 'second');
    expect(vi.getTimerCount()).toBe(1);
    deadlines.settle(second);
    // Confirmed out of order: the second stays queued behind the first, which is still open.
    expect(deadlines.size).toBe(2);
    deadlines.settle(first);
    expect(deadlines.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    track(deadlines, expired, 'later');
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(TIMEOUT_MS);
    expect(expired).toEqual(['later']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps about what is in flight when confirms come in order, however many were published', () => {
    const deadlines = new ConfirmDeadlines(TIMEOUT_MS);
    const expired: string[] = [];
    const open = [];
    for (let i = 0; i < 5_000; i++) {
      open.push(track(deadlines, expired, `m${i}`));
      if (open.length > 64) deadlines.settle(open.shift()!);
    }
    expect(deadlines.size).toBe(64);
    // The array is compacted as the front moves on: it does not keep an entry per message ever published.
    expect(deadlines.footprint).toBeLessThan(2 * 1024 + 64);
    // One open deadline in front holds the settled ones behind it, until it is settled or expires.
    const stuck = track(deadlines, expired, 'stuck');
    for (let i = 0; i < 3_000; i++) deadlines.settle(track(deadlines, expired, `late${i}`));
    for (const deadline of open) deadlines.settle(deadline);
    expect(deadlines.size).toBe(3_001);
    vi.advanceTimersByTime(TIMEOUT_MS);
    expect(expired).toEqual(['stuck']);
    expect(deadlines.size).toBe(0);
    expect(stuck.settled).toBe(true);
  });
});
