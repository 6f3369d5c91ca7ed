import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { relayUnderTest, START, settle } from '../support/relay-under-test.js';

const HOUR = 3_600_000;
const unreachable = () => new Error('broker unreachable');

describe('the outbox relay backs off after a failed round', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
    // No jitter: each delay is the whole exponential step (the jitter has its own test).
    vi.spyOn(Math, 'random').mockReturnValue(1);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('retries when the backoff ends, doubling it up to the maximum, and says so in health and the log', async () => {
    const { relay, broker, commit, rounds, logger } = relayUnderTest({
      pollIntervalMs: HOUR,
      backoffMs: { initial: 100, max: 300 },
    });
    broker.refuseWhen = unreachable;
    await commit('a-1');
    await relay.start();
    await vi.advanceTimersByTimeAsync(100 + 200 + 300 + 300);
    expect(rounds).toEqual([0, 100, 300, 600, 900]);
    expect(relay.health()).toMatchObject({ consecutiveFailures: 5, lastError: 'broker unreachable' });
    const backoffs = logger.entries.filter(
      (entry) => entry.message === 'Outbox relay failed to publish; backing off',
    );
    expect(backoffs.map((entry) => entry.fields)).toEqual(
      [100, 200, 300, 300, 300].map((retryInMs, index) => ({
        err: expect.objectContaining({ message: 'broker unreachable' }),
        consecutiveFailures: index + 1,
        retryInMs,
      })),
    );
    expect(backoffs.every((entry) => entry.level === 'warn')).toBe(true);

    broker.refuseWhen = undefined;
    await vi.advanceTimersByTimeAsync(300);
    expect(broker.sent.at(-1)).toBe('a-1');
    expect(relay.health()).toMatchObject({ consecutiveFailures: 0, lastError: undefined, published: 1 });
    await relay.stop();
  });

  it('waits 200 ms after a first failure and at most 30 s unless told otherwise', async () => {
    const { relay, broker, commit, rounds } = relayUnderTest({ pollIntervalMs: HOUR });
    broker.refuseWhen = unreachable;
    await commit('a-1');
    await relay.start();
    await vi.advanceTimersByTimeAsync(
      200 + 400 + 800 + 1_600 + 3_200 + 6_400 + 12_800 + 25_600 + 30_000 + 30_000,
    );
    const gaps = rounds.slice(1).map((at, index) => at - rounds[index]!);
    expect(gaps).toEqual([200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000, 30_000]);
    await relay.stop();
  });

  it('without a maximum, the doubling itself stops after twenty steps', async () => {
    const { relay, broker, commit, rounds } = relayUnderTest({
      pollIntervalMs: HOUR * 24 * 365,
      backoffMs: { initial: 1, max: Number.POSITIVE_INFINITY },
    });
    broker.refuseWhen = unreachable;
    await commit('a-1');
    await relay.start();
    for (let failure = 0; failure < 23; failure++)
      await vi.advanceTimersByTimeAsync(2 ** Math.min(failure, 20));
    const gaps = rounds.slice(1).map((at, index) => at - rounds[index]!);
    expect(gaps.slice(0, 3)).toEqual([1, 2, 4]);
    expect(gaps.slice(19, 23)).toEqual([2 ** 19, 2 ** 20, 2 ** 20, 2 ** 20]);
    await relay.stop();
  });

  it('each delay is jittered between half and all of its step', async () => {
    for (const [random, delay] of [
      [0, 50],
      [0.5, 75],
    ] as const) {
      vi.spyOn(Math, 'random').mockReturnValue(random);
      const { relay, broker, commit, rounds } = relayUnderTest({
        pollIntervalMs: HOUR,
        backoffMs: { initial: 100, max: 1_000 },
      });
      broker.refuseWhen = unreachable;
      await commit('a-1');
      const startedAt = Date.now() - START;
      await relay.start();
      await vi.advanceTimersByTimeAsync(delay);
      expect(rounds.map((at) => at - startedAt)).toEqual([0, delay]);
      await relay.stop();
    }
  });

  it('kicks during the backoff start no round; the backoff end serves them', async () => {
    const { relay, broker, commit, rounds } = relayUnderTest({
      pollIntervalMs: HOUR,
      backoffMs: { initial: 100, max: 1_000 },
    });
    broker.refuseWhen = unreachable;
    await commit('a-1');
    await relay.start();
    await settle();
    expect(rounds).toEqual([0]);
    broker.refuseWhen = undefined;

    await vi.advanceTimersByTimeAsync(50);
    await commit('b-1');
    relay.kick();
    relay.kick();
    await vi.advanceTimersByTimeAsync(49);
    expect(rounds).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(rounds[1]).toBe(100);
    expect(broker.sent.slice(-2)).toEqual(['a-1', 'b-1']);
    await relay.stop();
  });

  it('a round that works ends the backoff at once, even while another round just failed', async () => {
    const { relay, broker, commit } = relayUnderTest({
      pollIntervalMs: HOUR,
      concurrency: 2,
      backoffMs: { initial: 1_000, max: 1_000 },
    });
    await relay.start();
    await settle();
    broker.mode = 'hold';
    await commit('a-1');
    relay.kick();
    await commit('b-1');
    relay.kick();
    await settle();
    expect(broker.held.map((held) => held.messages[0]!.id)).toEqual(['a-1', 'b-1']);

    // a-1's round fails (the batch, then the row alone)…
    broker.held[0]!.refuse(unreachable());
    await settle();
    broker.held.find((held) => held.messages[0]!.id === 'a-1')!.refuse(unreachable());
    await settle();
    expect(relay.health().consecutiveFailures).toBe(1);
    // …then b-1's round works: the broker is back, so the relay does not sit out the backoff.
    broker.held[0]!.confirm();
    await settle();
    expect(relay.health()).toMatchObject({ consecutiveFailures: 0, lastError: undefined });

    broker.mode = 'confirm';
    await commit('c-1');
    relay.kick();
    await settle();
    expect(broker.sent).toContain('c-1');
    await relay.stop();
  });

  it('something thrown that is not an Error is reported as text', async () => {
    const { relay, broker, commit, store } = relayUnderTest({ pollIntervalMs: HOUR });
    broker.refuseWhen = () => 'the broker said no';
    await commit('a-1');
    await relay.start();
    await settle();
    expect(relay.health().lastError).toBe('the broker said no');
    expect((await store.outboxBacklog()).oldest).toMatchObject({ lastError: 'the broker said no' });
    await relay.stop();
  });

  it('one timer wakes it: a backoff replaces the poll instead of adding a second one', async () => {
    const { relay, broker, commit } = relayUnderTest({
      pollIntervalMs: 1_000,
      backoffMs: { initial: 100, max: 100 },
    });
    await relay.start();
    await settle();
    // The poll and the cleanup interval.
    expect(vi.getTimerCount()).toBe(2);
    broker.refuseWhen = unreachable;
    await commit('a-1');
    relay.kick();
    await settle();
    expect(vi.getTimerCount()).toBe(2);
    broker.refuseWhen = undefined;
    await vi.advanceTimersByTimeAsync(100);
    expect(vi.getTimerCount()).toBe(2);
    await relay.stop();
  });
});
