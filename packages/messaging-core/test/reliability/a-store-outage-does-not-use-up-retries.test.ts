import { afterEach, expect, it } from 'vitest';
import {
  type BusEvent,
  createMemoryStore,
  createMessaging,
  InMemoryBroker,
  InMemoryTransport,
  type Messaging,
  StoreUnavailableError,
} from '../../src/index.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

/** A memory store whose database can "go away": every transaction and check fails as PostgreSQL's would. */
function storeWithOutages() {
  const store = createMemoryStore();
  const transaction = store.transaction.bind(store);
  const backlog = store.outboxBacklog.bind(store);
  const state = { down: false };
  const refused = () => new StoreUnavailableError('PostgreSQL is unavailable: connect ECONNREFUSED');
  store.transaction = ((work, options) =>
    state.down ? Promise.reject(refused()) : transaction(work, options)) as typeof store.transaction;
  store.outboxBacklog = () => (state.down ? Promise.reject(refused()) : backlog());
  return { store, state };
}

function consumerOn(broker: InMemoryBroker, store: ReturnType<typeof createMemoryStore>, handled: string[]) {
  const bus = createMessaging({
    service: 'tickets',
    transport: new InMemoryTransport({ broker }),
    store,
    outbox: { pollIntervalMs: 20 },
    // One quick delayed retry: an outage that used it up would dead-letter the message at once.
    retry: { immediate: 1, delays: [10] },
  });
  bus.endpoint('ticket-log', { concurrency: 1 }).on(TicketCreated, (ticket) => {
    handled.push(ticket.ticketId);
  });
  buses.push(bus);
  return bus;
}

it('a store outage does not use up retries: the delivery waits for the store, then is handled once', async () => {
  const { store, state } = storeWithOutages();
  const broker = new InMemoryBroker();
  const handled: string[] = [];
  const bus = consumerOn(broker, store, handled);
  const events: BusEvent[] = [];
  const waiter = new ConditionWaiter();
  bus.onEvent((event) => {
    events.push(event);
    waiter.changed();
  });
  await bus.start();

  state.down = true;
  await bus.publish(TicketCreated, { ticketId: 'T-1', title: 'During the outage' });
  // It fails once, then waits: no spinning, no retry used while the store is down.
  await waiter.until(() => events.some((event) => event.kind === 'failed'), 'the delivery failed', 5_000);
  const nudge = setInterval(() => waiter.changed(), 10);
  await waiter
    .until(() => bus.health().store?.reachable === false, 'the store watch sees the outage', 5_000)
    .finally(() => clearInterval(nudge));
  expect(handled).toEqual([]);

  state.down = false;
  await waiter.until(() => handled.length === 1, 'handled once the store answers', 5_000);
  const failures = events.filter((event) => event.kind === 'failed');
  expect(new Set(failures.map((event) => event.kind === 'failed' && event.willRetry))).toEqual(
    new Set(['when-the-store-answers']),
  );
  expect(events.map((event) => event.kind)).not.toContain('retry-scheduled');
  expect(events.map((event) => event.kind)).not.toContain('dead-lettered');
  expect(events.find((event) => event.kind === 'handled')).toMatchObject({ attempt: 1 });
});

it('a delivery waiting for the store at shutdown goes back to the broker, and the next consumer handles it', async () => {
  const { store, state } = storeWithOutages();
  const broker = new InMemoryBroker();
  const handled: string[] = [];
  const first = consumerOn(broker, store, handled);
  const waiter = new ConditionWaiter();
  let failed = 0;
  first.onEvent((event) => {
    if (event.kind === 'failed') failed++;
    waiter.changed();
  });
  await first.start();
  state.down = true;
  await first.publish(TicketCreated, { ticketId: 'T-2', title: 'Waits, then goes back' });
  await waiter.until(() => failed >= 1, 'the delivery waits for the store', 5_000);

  const before = Date.now();
  await first.stop();
  expect(Date.now() - before).toBeLessThan(1_000);
  expect(handled).toEqual([]);

  state.down = false;
  const second = consumerOn(broker, store, handled);
  const secondEvents: BusEvent[] = [];
  second.onEvent((event) => {
    secondEvents.push(event);
    waiter.changed();
  });
  await second.start();
  await waiter.until(
    () => secondEvents.some((event) => event.kind === 'handled'),
    'the second consumer handles it',
    5_000,
  );
  expect(handled).toEqual(['T-2']);
  // Given back without counting an attempt: still the first.
  expect(secondEvents.find((event) => event.kind === 'handled')).toMatchObject({ attempt: 1 });
});
