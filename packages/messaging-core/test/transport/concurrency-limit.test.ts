import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../src/index.js';

/** Lets every settled promise run its callbacks. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  it('grants up to the limit at once, then makes the next acquirer wait until a release', async () => {
    const limit = new ConcurrencyLimit(2);
    expect(await limit.acquire()).toBe(true);
    expect(limit.tryAcquire()).toBe(true);
    expect(limit.tryAcquire()).toBe(false);
    let granted: boolean | undefined;
    void limit.acquire().then((value) => {
      granted = value;
    });
    await settle();
    expect(granted).toBeUndefined();
    limit.release();
    await settle();
    expect(granted).toBe(true);
    // The released slot went to the waiter: still none free.
    expect(limit.tryAcquire()).toBe(false);
  });

  it('hands released slots to waiters in arrival order', async () => {
    const limit = new ConcurrencyLimit(1);
    limit.tryAcquire();
    const order: string[] = [];
    void limit.acquire().then(() => order.push('first'));
    void limit.acquire().then(() => order.push('second'));
    limit.release();
    await settle();
    expect(order).toEqual(['first']);
    limit.release();
    await settle();
    expect(order).toEqual(['first', 'second']);
  });

  it('release(count) frees several slots at once', async () => {
    const limit = new ConcurrencyLimit(3);
    for (let index = 0; index < 3; index++) limit.tryAcquire();
    const waiter = limit.acquire();
    limit.release(3);
    expect(await waiter).toBe(true);
    // Three released: one to the waiter, two free.
    expect(limit.tryAcquire()).toBe(true);
    expect(limit.tryAcquire()).toBe(true);
    expect(limit.tryAcquire()).toBe(false);
  });

  it('an aborted wait resolves false, takes no slot and leaves the queue', async () => {
    const limit = new ConcurrencyLimit(1);
    limit.tryAcquire();
    const controller = new AbortController();
    const aborted = limit.acquire(controller.signal);
    const next = limit.acquire();
    controller.abort();
    expect(await aborted).toBe(false);
    limit.release();
    // The slot skipped the aborted waiter.
    expect(await next).toBe(true);
    expect(await limit.acquire(AbortSignal.abort())).toBe(false);
  });

  it('grants nothing while paused — released slots stay free, waiters wait — and resume hands them out in order', async () => {
    const limit = new ConcurrencyLimit(2);
    limit.tryAcquire();
    limit.tryAcquire();
    const order: string[] = [];
    void limit.acquire().then(() => order.push('first'));
    void limit.acquire().then(() => order.push('second'));
    void limit.acquire().then(() => order.push('third'));
    limit.pause();
    limit.release(2);
    await settle();
    expect(order).toEqual([]);
    expect(limit.tryAcquire()).toBe(false);
    limit.resume();
    await settle();
    // Two free slots, three waiters: the first two in arrival order.
    expect(order).toEqual(['first', 'second']);
    expect(limit.tryAcquire()).toBe(false);
    limit.release();
    await settle();
    expect(order).toEqual(['first', 'second', 'third']);
  });

  it('idle() resolves once the last slot is released, at once when none is held', async () => {
    const limit = new ConcurrencyLimit(2);
    await limit.idle();
    limit.tryAcquire();
    limit.tryAcquire();
    let idle = false;
    void limit.idle().then(() => {
      idle = true;
    });
    limit.release();
    await settle();
    expect(idle).toBe(false);
    limit.release();
    await settle();
    expect(idle).toBe(true);
  });

  it('idle() waits while a released slot passes to a waiter (still held)', async () => {
    const limit = new ConcurrencyLimit(1);
    limit.tryAcquire();
    const waiter = limit.acquire();
    let idle = false;
    void limit.idle().then(() => {
      idle = true;
    });
    limit.release();
    expect(await waiter).toBe(true);
    await settle();
    expect(idle).toBe(false);
    limit.release();
    await settle();
    expect(idle).toBe(true);
  });
});
