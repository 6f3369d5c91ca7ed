import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storeWatchUnderTest } from '../support/store-with-checks-by-hand.js';

const START = 1_000_000;
const backlog = (unsent: number) => ({ unsent, oldestUnsentAgeMs: unsent * 10 });

/** Lets the promise callbacks queued so far run (fake timers do not move). */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('the store watch tells whether the store answers', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('before any check the store counts as reachable, with an empty backlog', () => {
    const { storeWatch } = storeWatchUnderTest();
    expect(storeWatch.health()).toStrictEqual({
      reachable: true,
      lastError: undefined,
      lastAnsweredAt: undefined,
    });
    expect(storeWatch.backlog).toStrictEqual({ unsent: 0, oldestUnsentAgeMs: 0 });
  });

  it('start waits for a first answer, so health is right from the first moment; then checks every interval', async () => {
    const { storeWatch, checks } = storeWatchUnderTest(100);
    let started = false;
    const starting = storeWatch.start().then(() => {
      started = true;
    });
    await settle();
    expect(checks).toHaveLength(1);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(50);
    checks[0]!.answer(backlog(3));
    await starting;
    expect(storeWatch.backlog).toEqual(backlog(3));
    expect(storeWatch.health()).toEqual({
      reachable: true,
      lastError: undefined,
      lastAnsweredAt: START + 50,
    });

    await vi.advanceTimersByTimeAsync(99);
    expect(checks).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(checks).toHaveLength(2);
    checks[1]!.answer(backlog(1));
    await vi.advanceTimersByTimeAsync(100);
    expect(checks).toHaveLength(3);
    expect(storeWatch.backlog).toEqual(backlog(1));
    storeWatch.stop();
  });

  it('after stop it checks no more', async () => {
    const { storeWatch, checks } = storeWatchUnderTest(100);
    const starting = storeWatch.start();
    checks[0]!.answer();
    await starting;
    storeWatch.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(checks).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a check that fails makes the store unreachable with the database error, logged once per outage', async () => {
    const { storeWatch, checks, logger } = storeWatchUnderTest(100);
    const starting = storeWatch.start();
    checks[0]!.answer(backlog(2));
    await starting;

    await vi.advanceTimersByTimeAsync(100);
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    checks[1]!.fail(refused);
    await settle();
    expect(storeWatch.health()).toEqual({
      reachable: false,
      lastError: 'connect ECONNREFUSED 127.0.0.1:5432',
      lastAnsweredAt: START,
    });
    // The last backlog the store gave stays.
    expect(storeWatch.backlog).toEqual(backlog(2));

    await vi.advanceTimersByTimeAsync(100);
    checks[2]!.fail('the server closed the connection');
    await settle();
    expect(storeWatch.health().lastError).toBe('the server closed the connection');
    expect(logger.entries).toEqual([
      { level: 'warn', fields: { store: 'memory', err: refused }, message: 'Store unreachable' },
    ]);

    await vi.advanceTimersByTimeAsync(100);
    checks[3]!.answer(backlog(0));
    await settle();
    expect(storeWatch.health()).toEqual({
      reachable: true,
      lastError: undefined,
      lastAnsweredAt: START + 300,
    });
    expect(logger.entries.slice(1)).toEqual([
      { level: 'info', fields: { store: 'memory' }, message: 'Store reachable again' },
    ]);

    await vi.advanceTimersByTimeAsync(100);
    checks[4]!.answer(backlog(0));
    await settle();
    expect(logger.entries).toHaveLength(2);
    storeWatch.stop();
  });

  it('a check still running is not doubled: the interval skips while the store is silent', async () => {
    const { storeWatch, checks } = storeWatchUnderTest(100);
    const starting = storeWatch.start();
    checks[0]!.answer();
    await starting;
    await vi.advanceTimersByTimeAsync(100);
    expect(checks).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(300);
    expect(checks).toHaveLength(2);
    checks[1]!.answer();
    await vi.advanceTimersByTimeAsync(100);
    expect(checks).toHaveLength(3);
    storeWatch.stop();
  });

  it('a store that does not answer is unreachable once its check takes longer than five intervals, at least 5 s', async () => {
    for (const [intervalMs, slowAfterMs] of [
      [100, 5_000],
      [2_000, 10_000],
    ] as const) {
      const { storeWatch, checks } = storeWatchUnderTest(intervalMs);
      const starting = storeWatch.start();
      checks[0]!.answer();
      await starting;
      const answeredAt = Date.now();
      await vi.advanceTimersByTimeAsync(intervalMs);
      const silentSince = Date.now();
      await vi.advanceTimersByTimeAsync(slowAfterMs);
      expect(storeWatch.health(), `reachable at ${slowAfterMs} ms of silence`).toMatchObject({
        reachable: true,
      });
      await vi.advanceTimersByTimeAsync(1);
      expect(storeWatch.health()).toEqual({
        reachable: false,
        lastError: `no answer from the store for ${Date.now() - silentSince} ms`,
        lastAnsweredAt: answeredAt,
      });
      expect(storeWatch.health().lastError).toBe(`no answer from the store for ${slowAfterMs + 1} ms`);

      checks[1]!.answer();
      await settle();
      expect(storeWatch.health()).toMatchObject({ reachable: true, lastError: undefined });
      storeWatch.stop();
    }
  });

  it('the allowance for a silent check can be set', async () => {
    const { storeWatch, checks } = storeWatchUnderTest(100, 300);
    const starting = storeWatch.start();
    checks[0]!.answer();
    await starting;
    await vi.advanceTimersByTimeAsync(100 + 301);
    expect(storeWatch.health().reachable).toBe(false);
    storeWatch.stop();
  });
});
