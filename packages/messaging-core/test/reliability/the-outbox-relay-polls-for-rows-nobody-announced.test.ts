import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { relayUnderTest, START, settle } from '../support/relay-under-test.js';

describe('the outbox relay polls for rows nobody announced', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('a row committed without a kick (a crashed relay, a missed notification) goes out at the next poll, every interval', async () => {
    const { relay, broker, commit } = relayUnderTest({ pollIntervalMs: 500 });
    await relay.start();
    await settle();
    await vi.advanceTimersByTimeAsync(10);
    await commit('a-1');
    await vi.advanceTimersByTimeAsync(489);
    expect(broker.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(broker.sent).toEqual(['a-1']);

    await commit('b-1');
    await vi.advanceTimersByTimeAsync(499);
    expect(broker.sent).toEqual(['a-1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(broker.sent).toEqual(['a-1', 'b-1']);
    await relay.stop();
  });

  it('polls every second unless told otherwise', async () => {
    const { relay, broker, commit, rounds } = relayUnderTest();
    await relay.start();
    await settle();
    await commit('a-1');
    await vi.advanceTimersByTimeAsync(999);
    expect(broker.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(broker.sent).toEqual(['a-1']);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(rounds).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    await relay.stop();
  });
});
