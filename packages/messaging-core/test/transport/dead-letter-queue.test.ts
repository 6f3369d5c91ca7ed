import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness, type TestHarness } from '../../src/entries/testing.js';
import {
  ConfigurationError,
  createInMemoryTransport,
  createMessaging,
  deadLetterCopy,
  Headers,
  type Messaging,
  matchesDeadLetterFilter,
  NonRetryableError,
  readDeadLetter,
  type TransportMessage,
} from '../../src/index.js';
import { TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

/** A bus whose handlers fail while `failing` holds, so dead letters of two types with two errors pile up. */
async function busWithDeadLetters(): Promise<{ bus: Messaging; harness: TestHarness; failing: Set<string> }> {
  const bus = createMessaging({
    service: 'dlq',
    transport: createInMemoryTransport(),
    retry: { immediate: 0, delays: [] },
  });
  buses.push(bus);
  const failing = new Set(['t-1', 't-2', 't-3']);
  bus
    .endpoint('desk')
    .on(TicketCreated, (ticket) => {
      if (failing.has(ticket.ticketId)) throw new Error(`printer on fire for ${ticket.ticketId}`);
    })
    .on(TicketAssigned, (assignment) => {
      if (failing.has(assignment.ticketId)) throw new NonRetryableError('agent left the company');
    });
  const harness = createTestHarness(bus);
  await bus.start();
  await bus.publish(TicketCreated, { ticketId: 't-1', title: 'one' }, { id: 'created-1' });
  await bus.publish(TicketCreated, { ticketId: 't-2', title: 'two' }, { id: 'created-2' });
  await bus.publish(TicketAssigned, { ticketId: 't-3', agent: 'bob' }, { id: 'assigned-3' });
  await harness.deadLettered(TicketCreated, { count: 2 });
  await harness.deadLettered(TicketAssigned);
  return { bus, harness, failing };
}

const ids = (letters: readonly { message: TransportMessage }[]) => letters.map((letter) => letter.message.id);

describe('dead-letter queue', () => {
  it('lists dead letters oldest first without removing them, with a limit', async () => {
    const { bus } = await busWithDeadLetters();
    const queue = bus.deadLetters('desk');
    expect(ids(await queue.list())).toEqual(['created-1', 'created-2', 'assigned-3']);
    expect(ids(await queue.list({ limit: 2 }))).toEqual(['created-1', 'created-2']);
    expect(await queue.list()).toHaveLength(3);
  });

  it('replays only what the filter matches, with a fresh attempt and the replay counted', async () => {
    const { bus, harness, failing } = await busWithDeadLetters();
    failing.clear();
    harness.clear();
    const queue = bus.deadLetters('desk');
    expect(await queue.replay({ type: TicketCreated.type, error: /t-2/ })).toBe(1);
    const [replayed] = await harness.handled(TicketCreated);
    expect(replayed!.messageId).toBe('created-2');
    expect(replayed!.event).toMatchObject({ attempt: 1 });
    expect(ids(await queue.list())).toEqual(['created-1', 'assigned-3']);
  });

  it('replays everything without a filter, each message once', async () => {
    const { bus, harness, failing } = await busWithDeadLetters();
    failing.clear();
    harness.clear();
    expect(await bus.deadLetters('desk').replay()).toBe(3);
    await harness.handled(TicketCreated, { count: 2 });
    await harness.handled(TicketAssigned);
    expect(await bus.deadLetters('desk').list()).toEqual([]);
  });

  it('purges by ids, by error text and by failure time', async () => {
    const { bus } = await busWithDeadLetters();
    const queue = bus.deadLetters('desk');
    expect(await queue.purge({ failedBefore: new Date(Date.now() - 60_000) })).toBe(0);
    expect(await queue.purge({ ids: ['created-1'] })).toBe(1);
    expect(await queue.purge({ error: 'NON_RETRYABLE: agent left' })).toBe(1);
    expect(ids(await queue.list())).toEqual(['created-2']);
    expect(await queue.purge({ failedAfter: new Date(Date.now() - 60_000) })).toBe(1);
    expect(await queue.list()).toEqual([]);
  });

  it('purges everything with an empty filter (or none), returning how many went', async () => {
    const { bus } = await busWithDeadLetters();
    const queue = bus.deadLetters('desk');
    expect(await queue.purge({})).toBe(3);
    expect(await queue.list()).toEqual([]);
    expect(await queue.purge()).toBe(0);
  });

  it('gives each dead letter the message as it failed and the failure read from its headers', async () => {
    const { bus } = await busWithDeadLetters();
    const [letter] = await bus.deadLetters('desk').list({ limit: 1 });
    expect(letter!.message).toMatchObject({ id: 'created-1', type: TicketCreated.type, topic: 'tickets' });
    expect(letter!.failure).toEqual({
      reason: 'Error',
      message: 'printer on fire for t-1',
      stack: expect.stringContaining('printer on fire for t-1'),
      endpoint: 'desk',
      attempts: 1,
      at: expect.any(Date),
    });
  });

  it('names the bus and endpoint when asked for an endpoint it does not have', async () => {
    const { bus } = await busWithDeadLetters();
    expect(() => bus.deadLetters('nowhere')).toThrow(ConfigurationError);
    expect(() => bus.deadLetters('nowhere')).toThrow('Bus "dlq" has no endpoint "nowhere"');
  });
});

describe('readDeadLetter and matchesDeadLetterFilter', () => {
  const message: TransportMessage = {
    id: 'm-1',
    type: 'tickets.ticket-created',
    topic: 'tickets',
    headers: { [Headers.attempt]: '2', 'x-tenant': 'acme' },
    body: new Uint8Array(),
    timestamp: Date.parse('2026-01-01T00:00:00Z'),
  };
  const letter = readDeadLetter(
    deadLetterCopy(message, {
      reason: 'Error',
      message: 'boom',
      endpoint: 'desk',
      attempts: 2,
      stack: 'at x',
    }),
  );

  it('reads the failure back from the headers', () => {
    expect(letter.failure).toMatchObject({ reason: 'Error', message: 'boom', endpoint: 'desk', attempts: 2 });
    expect(letter.failure.stack).toBe('at x');
    expect(letter.message.headers['x-tenant']).toBe('acme');
  });

  it('falls back to the message timestamp and "unknown" for a message without failure headers', () => {
    expect(readDeadLetter(message).failure).toEqual({
      reason: 'unknown',
      message: '',
      stack: undefined,
      endpoint: '',
      attempts: 1,
      at: new Date('2026-01-01T00:00:00Z'),
    });
  });

  it.each([
    [{}, true],
    [{ ids: ['m-1'] }, true],
    [{ ids: ['other'] }, false],
    [{ type: 'tickets.ticket-created' }, true],
    [{ type: 'tickets.other' }, false],
    [{ error: 'Error: bo' }, true],
    [{ error: /^Error: boom$/ }, true],
    [{ error: 'bang' }, false],
    [{ ids: ['m-1'], type: 'tickets.other' }, false],
  ])('filter %o matches: %s', (filter, expected) => {
    expect(matchesDeadLetterFilter(letter, filter)).toBe(expected);
  });

  it('compares the failure time with failedAfter and failedBefore', () => {
    const at = letter.failure.at.getTime();
    expect(matchesDeadLetterFilter(letter, { failedAfter: new Date(at - 1) })).toBe(true);
    expect(matchesDeadLetterFilter(letter, { failedAfter: new Date(at + 1) })).toBe(false);
    expect(matchesDeadLetterFilter(letter, { failedBefore: new Date(at + 1) })).toBe(true);
    expect(matchesDeadLetterFilter(letter, { failedBefore: new Date(at - 1) })).toBe(false);
  });
});
