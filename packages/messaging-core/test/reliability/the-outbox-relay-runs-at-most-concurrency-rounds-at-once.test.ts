import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { relayUnderTest, START, settle, startWithRoundHeld } from '../support/relay-under-test.js';

const HOUR = 3_600_000;

describe('the outbox relay runs at most `concurrency` rounds at once', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('a kick starts another round while fewer run; beyond that it is remembered and served when a round ends', async () => {
    const { relay, broker, commit } = relayUnderTest({ pollIntervalMs: HOUR, concurrency: 2 });
    await relay.start();
    await settle();
    broker.mode = 'hold';
    for (const id of ['a-1', 'b-1', 'c-1']) {
      await commit(id);
      relay.kick();
      await settle();
    }
    // A row committed during a slow round does not wait for it, up to two rounds; the third waits.
    expect(broker.sends).toEqual([['a-1'], ['b-1']]);

    broker.mode = 'confirm';
    broker.held[0]!.confirm();
    await settle();
    // Served when the round ended, long before the next poll.
    expect(broker.sends).toEqual([['a-1'], ['b-1'], ['c-1']]);
    expect(broker.mostInFlight).toBe(2);
    broker.held[0]!.confirm();
    await relay.stop();
  });

  it('runs four rounds at once unless told otherwise', async () => {
    const { relay, broker, commit } = relayUnderTest({ pollIntervalMs: HOUR });
    await relay.start();
    await settle();
    broker.mode = 'hold';
    for (let key = 0; key < 6; key++) {
      await commit(`k${key}-1`);
      relay.kick();
      await settle();
    }
    expect(broker.held).toHaveLength(4);
    broker.mode = 'confirm';
    for (const held of [...broker.held]) held.confirm();
    await settle();
    expect(broker.sent).toHaveLength(6);
    await relay.stop();
  });

  it('a concurrency below one still runs one round', async () => {
    const under = relayUnderTest({ pollIntervalMs: HOUR, concurrency: 0 });
    const { relay, broker, commit } = under;
    await startWithRoundHeld(under, 'a-1');
    await commit('b-1');
    relay.kick();
    await settle();
    expect(broker.sends).toEqual([['a-1']]);
    broker.mode = 'confirm';
    broker.held[0]!.confirm();
    await settle();
    expect(broker.sends).toEqual([['a-1'], ['b-1']]);
    await relay.stop();
  });

  it('a full batch brings in more rounds by itself, up to the cap, and each key keeps its order', async () => {
    const { relay, broker, commit } = relayUnderTest({ pollIntervalMs: HOUR, concurrency: 3, batchSize: 2 });
    await relay.start();
    await settle();
    // A broker that confirms each send a moment later.
    broker.mode = 'hold';
    const confirmLater = setInterval(() => {
      for (const held of [...broker.held]) held.confirm();
    }, 10);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    await commit(...keys.map((key) => `${key}-1`), ...keys.map((key) => `${key}-2`));
    relay.kick();
    await vi.advanceTimersByTimeAsync(200);
    clearInterval(confirmLater);

    expect(broker.mostInFlight).toBe(3);
    expect(broker.sent).toHaveLength(16);
    for (const key of keys) {
      expect(
        broker.sent.filter((id) => id.startsWith(`${key}-`)),
        `order of ${key}`,
      ).toEqual([`${key}-1`, `${key}-2`]);
    }
    await relay.stop();
  });
});
