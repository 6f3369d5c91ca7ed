import { afterEach, expect, it } from 'vitest';
import {
  createInMemoryTransport,
  createMemoryStore,
  createMessaging,
  type MessageStore,
  type Messaging,
} from '../../src/index.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

/** A memory store whose database "goes away": every query fails, or hangs without an answer. */
function storeThatCanFail() {
  const store = createMemoryStore();
  const backlog = store.outboxBacklog.bind(store);
  const control = { mode: 'up' as 'up' | 'refusing' | 'hanging' };
  store.outboxBacklog = () => {
    if (control.mode === 'refusing') return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    if (control.mode === 'hanging') return new Promise(() => {});
    return backlog();
  };
  return { store: store as MessageStore, control };
}

async function busOn(store: MessageStore) {
  const messaging = createMessaging({
    service: 'orders',
    transport: createInMemoryTransport(),
    store,
    outbox: { pollIntervalMs: 20 },
  });
  buses.push(messaging);
  await messaging.start();
  return messaging;
}

it('health is not ready while the store refuses connections, and ready once it answers again', async () => {
  const { store, control } = storeThatCanFail();
  const messaging = await busOn(store);
  const waiter = new ConditionWaiter();
  const poll = setInterval(() => waiter.changed(), 5);
  try {
    expect(messaging.health()).toMatchObject({ ready: true, store: { reachable: true } });

    control.mode = 'refusing';
    await waiter.until(() => !messaging.health().ready, 'the bus turns not ready', 2_000);
    expect(messaging.health()).toMatchObject({
      live: true,
      status: 'degraded',
      reasons: ['the store is unreachable: connect ECONNREFUSED 127.0.0.1:5432'],
      store: { reachable: false },
    });

    control.mode = 'up';
    await waiter.until(() => messaging.health().ready, 'the bus is ready again', 2_000);
    expect(messaging.health().store).toMatchObject({ reachable: true, lastAnsweredAt: expect.any(Number) });
  } finally {
    clearInterval(poll);
  }
});

it('a store that stops answering counts as unreachable once its check takes too long', async () => {
  const { store, control } = storeThatCanFail();
  const messaging = await busOn(store);
  control.mode = 'hanging';
  const waiter = new ConditionWaiter();
  const poll = setInterval(() => waiter.changed(), 50);
  try {
    // The watch allows a check five poll intervals, at least 5 s, before it calls a silent store unreachable.
    await waiter.until(() => !messaging.health().ready, 'the bus turns not ready', 8_000);
    expect(messaging.health().reasons[0]).toMatch(
      /^the store is unreachable: no answer from the store for \d+ ms$/,
    );
  } finally {
    clearInterval(poll);
  }
});
