import { describe, expect, it } from 'vitest';
import { InFlightDeliveries } from '../src/in-flight-deliveries.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Whether `promise` settled within the current round of microtasks and a macrotask. */
async function settledSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('InFlightDeliveries', () => {
  it('waits while the limit is reached and wakes when one delivery finishes', async () => {
    const inFlight = new InFlightDeliveries();
    const first = deferred();
    const second = deferred();
    inFlight.track(first.promise);
    inFlight.track(second.promise);

    const belowTwo = inFlight.below(2);
    expect(await settledSoon(belowTwo)).toBe(false);
    second.resolve();
    expect(await settledSoon(belowTwo)).toBe(true);

    const allDone = inFlight.below(1);
    expect(await settledSoon(allDone)).toBe(false);
    first.resolve();
    expect(await settledSoon(allDone)).toBe(true);
  });

  it('counts a failed delivery as finished', async () => {
    const inFlight = new InFlightDeliveries();
    const failing = deferred();
    inFlight.track(failing.promise);
    const allDone = inFlight.below(1);
    failing.reject(new Error('handler blew up'));
    expect(await settledSoon(allDone)).toBe(true);
  });

  it('stops waiting once abandoned, although deliveries are still out', async () => {
    const inFlight = new InFlightDeliveries();
    inFlight.track(new Promise<void>(() => {}));
    const allDone = inFlight.below(1);
    expect(await settledSoon(allDone)).toBe(false);
    inFlight.abandon();
    expect(await settledSoon(allDone)).toBe(true);
    expect(await settledSoon(inFlight.below(1)), 'later waits return at once').toBe(true);
  });
});
