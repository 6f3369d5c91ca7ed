import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storeWatchUnderTest } from '../support/store-with-checks-by-hand.js';

const START = 1_000_000;
/** Lets the promise callbacks queued so far run (fake timers do not move). */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('a wait for the store counts only checks begun after it', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an answer to a check that began before the wait does not end it; the next answer does', async () => {
    const { storeWatch, checks } = storeWatchUnderTest(100);
    const starting = storeWatch.start();
    checks[0]!.answer();
    await starting;
    await vi.advanceTimersByTimeAsync(100);
    expect(checks).toHaveLength(2);

    await vi.advanceTimersByTimeAsync(10);
    let answered: boolean | undefined;
    void storeWatch.untilAnswering(new Promise(() => {})).then((result) => {
      answered = result;
    });
    checks[1]!.answer();
    await settle();
    expect(answered).toBeUndefined();

    await vi.advanceTimersByTimeAsync(90);
    checks[2]!.fail(new Error('still refusing'));
    await settle();
    expect(answered).toBeUndefined();

    await vi.advanceTimersByTimeAsync(100);
    checks[3]!.answer();
    await settle();
    expect(answered).toBe(true);
    storeWatch.stop();
  });

  it('a check begun in the same millisecond as the wait, after it, counts', async () => {
    const { storeWatch, checks } = storeWatchUnderTest(100);
    const answered = storeWatch.untilAnswering(new Promise(() => {}));
    void storeWatch.check();
    checks[0]!.answer();
    await expect(answered).resolves.toBe(true);
  });

  it('every waiter is served by one answer', async () => {
    const { storeWatch, checks } = storeWatchUnderTest(100);
    const first = storeWatch.untilAnswering(new Promise(() => {}));
    const second = storeWatch.untilAnswering(new Promise(() => {}));
    void storeWatch.check();
    checks[0]!.answer();
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
  });

  it('the wait ends with false when it is interrupted first', async () => {
    const { storeWatch, checks } = storeWatchUnderTest(100);
    let interrupt!: () => void;
    const interrupted = new Promise<void>((resolve) => {
      interrupt = resolve;
    });
    const answered = storeWatch.untilAnswering(interrupted);
    void storeWatch.check();
    interrupt();
    await expect(answered).resolves.toBe(false);
    checks[0]!.answer();
    await settle();
  });
});
