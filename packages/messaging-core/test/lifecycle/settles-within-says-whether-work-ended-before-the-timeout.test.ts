import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settlesWithin } from '../../src/lifecycle/settles-within.js';

/** A promise the test settles by hand. */
function pending<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Whether `promise` has settled by now (after the microtasks queued so far). */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

describe('settlesWithin says whether work ended before the timeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is true as soon as the work resolves in time, and leaves no timer behind', async () => {
    const work = pending();
    const outcome = settlesWithin(work.promise, 1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await isSettled(outcome)).toBe(false);
    work.resolve();
    await expect(outcome).resolves.toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('counts a rejection in time as settled', async () => {
    const work = pending();
    const outcome = settlesWithin(work.promise, 1_000);
    work.reject(new Error('the work failed'));
    await expect(outcome).resolves.toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is false at the timeout while the work goes on', async () => {
    const work = pending();
    const outcome = settlesWithin(work.promise, 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(outcome).resolves.toBe(false);
  });

  it('without a timeout waits as long as the work takes, and sets no timer', async () => {
    const work = pending();
    const outcome = settlesWithin(work.promise, Number.POSITIVE_INFINITY);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(await isSettled(outcome)).toBe(false);
    work.resolve();
    await expect(outcome).resolves.toBe(true);
  });

  it('without a timeout counts a rejection as settled too, instead of throwing it', async () => {
    const work = pending();
    const outcome = settlesWithin(work.promise, Number.POSITIVE_INFINITY);
    work.reject(new Error('a consumer failed to stop'));
    await expect(outcome).resolves.toBe(true);
  });
});
