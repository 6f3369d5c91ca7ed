import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createInMemoryTransport,
  createMemoryStore,
  createMessaging,
  defineMessage,
  type Messaging,
} from '../../src/index.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';

const OrderPlaced = defineMessage({
  type: 'shop.order-placed',
  topic: 'orders',
  schema: z.object({ orderId: z.string() }),
  key: (order) => order.orderId,
});

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

it('health reports the backlog that is in the store, also while one send hangs', async () => {
  const store = createMemoryStore();
  const transport = createInMemoryTransport();
  const send = transport.send.bind(transport);
  // "stuck" never gets an answer from the broker; the others wait at a gate the test opens.
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  transport.send = async (messages) => {
    if (messages.some((message) => message.key === 'stuck')) return new Promise(() => {});
    await gate;
    return send(messages);
  };
  const messaging = createMessaging({
    service: 'shop',
    transport,
    store,
    outbox: { pollIntervalMs: 20 },
    // stop() gives the hanging round this long, then leaves its row in the outbox.
    shutdownTimeoutMs: 200,
  });
  buses.push(messaging);
  messaging.endpoint('history').on(OrderPlaced, () => {});
  await messaging.start();
  const waiter = new ConditionWaiter();
  const poll = setInterval(() => waiter.changed(), 5);
  const unsent = () => messaging.health().outbox?.backlog.unsent;
  try {
    await messaging.transaction((_tx, publish) => publish(OrderPlaced, { orderId: 'stuck' }));
    for (let index = 0; index < 5; index++) {
      await messaging.transaction((_tx, publish) => publish(OrderPlaced, { orderId: `order-${index}` }));
    }
    await waiter.until(() => unsent() === 6, 'health counts six unsent rows', 2_000);

    openGate();
    // Five go out; the stuck one stays claimed by its hanging round. Health must say 1, not keep saying 6.
    await waiter.until(() => unsent() === 1, 'health counts the one row still unsent', 2_000);
    expect((await store.outboxBacklog()).unsent).toBe(1);
    expect(messaging.health().outbox?.backlog.oldest).toMatchObject({ type: OrderPlaced.type });
  } finally {
    clearInterval(poll);
  }
});
