import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { relayUnderTest, row, START, settle, startWithRoundHeld } from '../support/relay-under-test.js';

const HOUR = 3_600_000;

/** Whether `promise` has settled once the callbacks queued so far have run. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await settle();
  return settled;
}

describe('the outbox relay stop lets rounds finish, then flushes what is left', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('waits for the round in flight, then publishes every row left, batch after batch', async () => {
    const under = relayUnderTest({ pollIntervalMs: HOUR, batchSize: 2, concurrency: 1 });
    const { relay, broker, commit, store } = under;
    await startWithRoundHeld(under, 'a-1');
    await commit('b-1', 'c-1', 'd-1', 'e-1', 'f-1');

    const stopping = relay.stop();
    expect(await hasSettled(stopping)).toBe(false);
    expect(relay.health().running).toBe(false);
    // No new round starts once stop() was called.
    relay.kick();
    await settle();
    expect(broker.sends).toEqual([['a-1']]);

    broker.mode = 'confirm';
    broker.held[0]!.confirm();
    await stopping;
    expect(broker.sends).toEqual([['a-1'], ['b-1', 'c-1'], ['d-1', 'e-1'], ['f-1']]);
    expect((await store.outboxBacklog()).unsent).toBe(0);
  });

  it('gives up on a round still waiting for the broker after the timeout: its rows and the rest stay for later', async () => {
    const under = relayUnderTest({ pollIntervalMs: HOUR, batchSize: 1 });
    const { relay, broker, commit, store, logger } = under;
    await startWithRoundHeld(under, 'a-1');
    await commit('b-1');

    const stopping = relay.stop(1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(await hasSettled(stopping)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(broker.sends).toEqual([['a-1']]);
    expect((await store.outboxBacklog()).unsent).toBe(2);
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        fields: { timeoutMs: 1_000, rounds: 1 },
        message: 'Outbox rounds still waiting for the broker at stop; their rows stay and are sent later',
      },
    ]);
    // The round left behind ends later (a full batch, so it would go on while running): nothing more is sent.
    broker.mode = 'confirm';
    broker.held[0]!.confirm();
    await settle();
    expect(broker.sends).toEqual([['a-1']]);
    expect((await store.outboxBacklog()).unsent).toBe(1);
  });

  it('gives up on a flush still waiting for the broker after the timeout: the rows not sent stay for later', async () => {
    const { relay, broker, commit, store, logger } = relayUnderTest({ pollIntervalMs: HOUR, batchSize: 1 });
    await relay.start();
    await settle();
    await commit('a-1', 'b-1');
    broker.mode = 'hold';

    const stopping = relay.stop(1_000);
    await settle();
    expect(broker.sends).toEqual([['a-1']]);
    await vi.advanceTimersByTimeAsync(999);
    expect(await hasSettled(stopping)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(logger.entries.at(-1)).toEqual({
      level: 'warn',
      fields: { timeoutMs: 1_000 },
      message: 'Outbox flush at stop still waiting for the broker; the rows not sent stay and are sent later',
    });
    expect((await store.outboxBacklog()).unsent).toBe(2);
    // The flush left behind ends its round later, and starts no other.
    broker.mode = 'confirm';
    broker.held[0]!.confirm();
    await settle();
    expect(broker.sends).toEqual([['a-1']]);
    expect((await store.outboxBacklog()).unsent).toBe(1);
  });

  it('does not flush after a failed round: the broker is away, the rows stay for later, and it says so', async () => {
    const { relay, broker, commit, store, logger } = relayUnderTest({ pollIntervalMs: HOUR, batchSize: 1 });
    broker.refuseWhen = () => new Error('broker unreachable');
    await commit('a-1', 'b-1');
    await relay.start();
    await settle();
    const sentBeforeStop = broker.sent.length;
    expect(relay.health().consecutiveFailures).toBe(1);

    await relay.stop();

    expect(broker.sent.length).toBe(sentBeforeStop);
    expect((await store.outboxBacklog()).unsent).toBe(2);
    expect(logger.entries.at(-1)).toEqual({
      level: 'warn',
      fields: { consecutiveFailures: 1, lastError: 'broker unreachable' },
      message: 'Outbox not flushed at stop: its last round failed; the rows stay and are sent later',
    });
  });

  it('does not flush when the bus says the broker is away: the rows stay, and the backlog is named', async () => {
    const { relay, broker, commit, store, logger } = relayUnderTest(
      { pollIntervalMs: HOUR },
      { backlog: () => ({ unsent: 1, oldestUnsentAgeMs: 10 }) },
    );
    await relay.start();
    await settle();
    await commit('a-1');

    await relay.stop(1_000, { brokerAway: true });

    expect(broker.sent).toEqual([]);
    expect((await store.outboxBacklog()).unsent).toBe(1);
    expect(logger.entries.at(-1)).toEqual({
      level: 'warn',
      fields: { unsent: 1 },
      message: 'Outbox not flushed at stop: the broker is away; the rows stay and are sent later',
    });
  });

  it('with the broker away and nothing in the outbox, it stops without a word', async () => {
    const { relay, broker, logger, rounds } = relayUnderTest({ pollIntervalMs: HOUR });
    await relay.start();
    await settle();
    const roundsBefore = rounds.length;

    await relay.stop(1_000, { brokerAway: true });

    expect(rounds.length).toBe(roundsBefore);
    expect(broker.sent).toEqual([]);
    expect(logger.entries.filter((entry) => entry.level === 'warn')).toEqual([]);
  });

  it('flushes again once a round went through after failed ones', async () => {
    const { relay, broker, commit, store } = relayUnderTest({ pollIntervalMs: HOUR, batchSize: 1 });
    broker.refuseWhen = () => new Error('broker unreachable');
    await commit('a-1');
    await relay.start();
    await settle();
    expect(relay.health().consecutiveFailures).toBe(1);
    broker.refuseWhen = () => undefined;
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(relay.health().consecutiveFailures).toBe(0);
    await commit('b-1');

    await relay.stop();

    expect(broker.sent.at(-1)).toBe('b-1');
    expect((await store.outboxBacklog()).unsent).toBe(0);
  });

  it('a round that fails while stop waits for it sets no poll for later', async () => {
    const under = relayUnderTest({ pollIntervalMs: HOUR });
    const { relay, broker } = under;
    await startWithRoundHeld(under, 'a-1');
    const stopping = relay.stop();
    broker.mode = 'confirm';
    broker.refuseWhen = () => new Error('broker unreachable');
    broker.held[0]!.refuse(new Error('broker unreachable'));
    await stopping;
    expect(relay.health().consecutiveFailures).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('without a timeout it waits as long as the round takes', async () => {
    const under = relayUnderTest({ pollIntervalMs: HOUR });
    const { relay, broker } = under;
    await startWithRoundHeld(under, 'a-1');
    const stopping = relay.stop();
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(await hasSettled(stopping)).toBe(false);
    broker.held[0]!.confirm();
    await stopping;
  });

  it('a flush the broker refuses leaves the rows for later, says so, and stop still resolves', async () => {
    const { relay, broker, commit, store, logger } = relayUnderTest({ pollIntervalMs: HOUR });
    await relay.start();
    await settle();
    await commit('a-1');
    const refusal = new Error('broker unreachable');
    broker.refuseWhen = () => refusal;
    await relay.stop();
    expect(broker.sent).toEqual(['a-1', 'a-1']);
    expect((await store.outboxBacklog()).unsent).toBe(1);
    expect(logger.entries.at(-1)).toEqual({
      level: 'warn',
      fields: { err: refusal },
      message: 'Outbox not fully flushed at stop; the rows stay and are sent later',
    });
  });

  it('stops every trigger: no poll, no announced commit, no cleanup, no timer left', async () => {
    const { relay, broker, store, rounds } = relayUnderTest({ pollIntervalMs: 100, cleanupIntervalMs: 100 });
    const cleanup = vi.spyOn(store, 'cleanup');
    let listening = 0;
    const onOutboxCommitted = store.onOutboxCommitted.bind(store);
    vi.spyOn(store, 'onOutboxCommitted').mockImplementation(async (listener) => {
      listening++;
      const unlisten = await onOutboxCommitted(listener);
      return async () => {
        listening--;
        await unlisten();
      };
    });
    await relay.start();
    expect(listening).toBe(1);
    await settle();
    await relay.stop();
    expect(listening).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    const roundsAtStop = rounds.length;
    await store.transaction((tx) => tx.addToOutbox([row('a-1')]));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(rounds.length).toBe(roundsAtStop);
    expect(cleanup).not.toHaveBeenCalled();
    expect(broker.sent).toEqual([]);
  });

  it('a kick after stop changes nothing, not even the failures health reports', async () => {
    const { relay, broker, commit, rounds } = relayUnderTest({ pollIntervalMs: HOUR });
    broker.refuseWhen = () => new Error('broker unreachable');
    await commit('a-1');
    await relay.start();
    await settle();
    await relay.stop();
    const atStop = { health: relay.health(), rounds: rounds.length };
    expect(atStop.health).toMatchObject({ consecutiveFailures: 1, lastError: 'broker unreachable' });
    relay.kick();
    await settle();
    expect({ health: relay.health(), rounds: rounds.length }).toEqual(atStop);
  });

  it('a listener that fails to unsubscribe does not fail stop, nor keep it from flushing', async () => {
    const { relay, broker, store, commit } = relayUnderTest({ pollIntervalMs: HOUR });
    vi.spyOn(store, 'onOutboxCommitted').mockResolvedValue(async () => {
      throw new Error('LISTEN connection already closed');
    });
    await relay.start();
    await settle();
    await commit('a-1');
    await relay.stop();
    expect(broker.sent).toEqual(['a-1']);
  });

  it('a stop before start, or a second stop, does nothing', async () => {
    const { relay, broker, commit, rounds } = relayUnderTest({ pollIntervalMs: HOUR });
    await commit('a-1');
    await relay.stop();
    expect(rounds).toEqual([]);

    await relay.start();
    await settle();
    await relay.stop();
    const roundsAtStop = rounds.length;
    await commit('b-1');
    await relay.stop();
    expect(rounds.length).toBe(roundsAtStop);
    expect(broker.sent).toEqual(['a-1']);
  });
});
