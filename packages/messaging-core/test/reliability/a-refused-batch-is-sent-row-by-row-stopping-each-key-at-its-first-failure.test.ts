import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { PublishError, type TransportMessage } from '../../src/index.js';
import { relayUnderTest, START, settle } from '../support/relay-under-test.js';

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const refused = new Set(['a-1', 'lone']);
/** The broker refuses a batch holding a row nobody can route, and that row alone. */
const refuseUnroutable = (messages: readonly TransportMessage[]) => {
  if (messages.length > 1 && messages.some((message) => refused.has(message.id))) {
    return new PublishError('batch refused: one message is unroutable');
  }
  const [only] = messages;
  if (only && refused.has(only.id)) {
    return only.id === 'lone' ? 'unroutable (not an Error)' : new PublishError(`unroutable: ${only.id}`);
  }
  return undefined;
};

it('a refused batch is sent row by row: each key stops at its first failure, every other row goes out', async () => {
  const published: string[][] = [];
  const { relay, broker, commit, store, logger, reports } = relayUnderTest(
    { pollIntervalMs: 3_600_000, backoffMs: { initial: 1_000, max: 1_000 } },
    {
      afterPublish: async (entries) => {
        published.push(entries.map((entry) => entry.message.id));
      },
    },
  );
  broker.refuseWhen = refuseUnroutable;
  // Key a: a-1 is unroutable, so a-2 must wait behind it. Rows without a key are each their own scope.
  await commit('a-1', 'b-1', 'a-2', 'lone', 'solo', 'b-2');
  await relay.start();
  await settle();

  expect(broker.sends).toEqual([
    ['a-1', 'b-1', 'a-2', 'lone', 'solo', 'b-2'],
    ['a-1'],
    ['b-1'],
    ['lone'],
    ['solo'],
    ['b-2'],
  ]);
  // Only what the broker took is reported as published (and marked sent); the refused rows with their errors.
  expect(published).toEqual([['b-1', 'solo', 'b-2']]);
  expect(reports).toEqual([
    {
      published: [2, 5, 6],
      failed: [
        { sequence: 1, error: 'unroutable: a-1' },
        { sequence: 4, error: 'unroutable (not an Error)' },
      ],
    },
  ]);
  const backlog = await store.outboxBacklog();
  expect(backlog.unsent).toBe(3);
  expect(backlog.oldest).toMatchObject({ messageId: 'a-1', attempts: 1, lastError: 'unroutable: a-1' });
  // The round failed, so the relay backs off for the rows that stay, and says why.
  expect(relay.health()).toMatchObject({
    consecutiveFailures: 1,
    lastError: 'batch refused: one message is unroutable',
    published: 3,
  });
  const rowWarnings = logger.entries.filter(
    (entry) => entry.message === 'Outbox row could not be published; it stays in the outbox and is retried',
  );
  expect(rowWarnings.map((entry) => [entry.level, entry.fields])).toEqual([
    [
      'warn',
      {
        err: expect.objectContaining({ message: 'unroutable: a-1' }),
        messageId: 'a-1',
        type: 'tickets.ticket-changed',
        topic: 'tickets',
      },
    ],
    [
      'warn',
      {
        err: 'unroutable (not an Error)',
        messageId: 'lone',
        type: 'tickets.ticket-changed',
        topic: 'tickets',
      },
    ],
  ]);

  // Once the broker can route them, the rows that stayed go out, each key in order.
  broker.refuseWhen = undefined;
  await vi.advanceTimersByTimeAsync(1_000);
  expect(broker.sends.at(-1)).toEqual(['a-1', 'a-2', 'lone']);
  expect((await store.outboxBacklog()).unsent).toBe(0);
  await relay.stop();
});

it('a row refused with something that is not an Error keeps that text as its error', async () => {
  const { relay, broker, commit, store } = relayUnderTest({ pollIntervalMs: 3_600_000 });
  broker.refuseWhen = refuseUnroutable;
  await commit('lone');
  await relay.start();
  await settle();
  expect((await store.outboxBacklog()).oldest).toMatchObject({
    messageId: 'lone',
    lastError: 'unroutable (not an Error)',
  });
  await relay.stop();
});
