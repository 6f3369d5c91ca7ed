import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { relayUnderTest, row, START, settle } from '../support/relay-under-test.js';

const HOUR = 3_600_000;

describe('the outbox relay publishes right after a commit', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('rows already waiting when it starts go out at once, without waiting for a poll', async () => {
    const { relay, broker, commit } = relayUnderTest({ pollIntervalMs: HOUR });
    await commit('a-1', 'b-1');
    await relay.start();
    await settle();
    expect(broker.sent).toEqual(['a-1', 'b-1']);
    await relay.stop();
  });

  it('a kick after a local commit publishes the rows at once', async () => {
    const { relay, broker, commit } = relayUnderTest({ pollIntervalMs: HOUR });
    await relay.start();
    await settle();
    await commit('a-1');
    relay.kick();
    await settle();
    expect(broker.sent).toEqual(['a-1']);
    await relay.stop();
  });

  it('a commit announced by another process (LISTEN/NOTIFY) wakes it too', async () => {
    const { relay, broker, store } = relayUnderTest({ pollIntervalMs: HOUR });
    await relay.start();
    await settle();
    await store.transaction((tx) => tx.addToOutbox([row('a-1')]));
    await settle();
    expect(broker.sent).toEqual(['a-1']);
    await relay.stop();
  });

  it('one kick drains the outbox round after round until a round comes back short of a batch', async () => {
    const { relay, broker, commit, rounds } = relayUnderTest({
      pollIntervalMs: HOUR,
      batchSize: 2,
      concurrency: 1,
    });
    await relay.start();
    await settle();
    const before = rounds.length;
    await commit('a-1', 'b-1', 'c-1', 'd-1', 'e-1');
    relay.kick();
    await settle();
    expect(broker.sends).toEqual([['a-1', 'b-1'], ['c-1', 'd-1'], ['e-1']]);
    expect(rounds.length - before).toBe(3);
    await relay.stop();
  });

  it('tells the store that every row of a batch the broker took is published, and none failed', async () => {
    const { relay, commit, reports } = relayUnderTest({ pollIntervalMs: HOUR });
    await commit('a-1', 'b-1');
    await relay.start();
    await settle();
    expect(reports).toEqual([{ published: [1, 2], failed: [] }]);
    await relay.stop();
  });

  it('a round claims at most 100 rows unless told otherwise', async () => {
    const { relay, broker, commit } = relayUnderTest({ pollIntervalMs: HOUR, concurrency: 1 });
    await commit(...Array.from({ length: 150 }, (_, index) => `k${index}-1`));
    await relay.start();
    await settle();
    expect(broker.sends.map((send) => send.length)).toEqual([100, 50]);
    await relay.stop();
  });

  it('once the rows are out it stays idle: no rounds until the next trigger', async () => {
    const { relay, commit, rounds } = relayUnderTest({ pollIntervalMs: HOUR });
    await relay.start();
    await commit('a-1');
    relay.kick();
    await settle();
    const afterDrain = rounds.length;
    await vi.advanceTimersByTimeAsync(HOUR - 1);
    expect(rounds.length).toBe(afterDrain);
    await relay.stop();
  });

  it('a kick before start does nothing', async () => {
    const { relay, broker, commit, rounds } = relayUnderTest();
    await commit('a-1');
    relay.kick();
    await settle();
    expect(rounds).toEqual([]);
    expect(broker.sent).toEqual([]);
  });

  it('health says whether it runs, how many rows it published, and the backlog the store watch saw', async () => {
    let unsent = 7;
    const { relay, commit } = relayUnderTest(
      { pollIntervalMs: HOUR },
      { backlog: () => ({ unsent, oldestUnsentAgeMs: unsent * 100 }) },
    );
    expect(relay.health()).toStrictEqual({
      running: false,
      backlog: { unsent: 7, oldestUnsentAgeMs: 700 },
      consecutiveFailures: 0,
      lastError: undefined,
      published: 0,
    });
    await relay.start();
    await commit('a-1', 'b-1', 'a-2');
    relay.kick();
    await settle();
    unsent = 0;
    expect(relay.health()).toStrictEqual({
      running: true,
      backlog: { unsent: 0, oldestUnsentAgeMs: 0 },
      consecutiveFailures: 0,
      lastError: undefined,
      published: 3,
    });
    await relay.stop();
    expect(relay.health().running).toBe(false);
  });
});
