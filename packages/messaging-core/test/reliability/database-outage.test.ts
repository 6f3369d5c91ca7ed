import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createMessaging,
  createPostgresStore,
  defineMessage,
  InMemoryBroker,
  InMemoryTransport,
  type Messaging,
  type SqlMessageStore,
  StoreUnavailableError,
} from '../../src/index.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';
import { databaseUrl } from './store-factories.js';

const OrderPlaced = defineMessage({
  type: 'shop.order-placed',
  topic: 'orders',
  schema: z.object({ orderId: z.string() }),
  key: (order) => order.orderId,
});

/**
 * A real database outage, isolated to a database of its own so that parallel test files are not disturbed:
 * connections to it are refused (ALLOW_CONNECTIONS false) and the open ones are terminated, as when the server
 * goes down; then it comes back.
 */
describe.runIf(databaseUrl)('PostgreSQL outage mid-run', () => {
  const database = `pm_outage_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const buses: Messaging[] = [];
  const stores: SqlMessageStore[] = [];

  const urlOf = (name: string) => {
    const url = new URL(databaseUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const takeDown = async () => {
    await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      database,
    ]);
  };
  const bringUp = () => admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);

  beforeAll(async () => {
    await admin.query(`CREATE DATABASE ${database}`);
  });
  afterAll(async () => {
    await Promise.allSettled(buses.map((bus) => bus.stop()));
    await Promise.allSettled(stores.map((store) => store.close()));
    await bringUp();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('loses no message and recovers by itself when the database goes away and comes back', async () => {
    const waiter = new ConditionWaiter();
    const broker = new InMemoryBroker();
    const store = await createPostgresStore({ connectionString: urlOf(database), maxConnections: 4 });
    stores.push(store);
    await store.migrate();
    await store.transaction((tx) => tx.query('CREATE TABLE orders (id text PRIMARY KEY)'));

    const bus = createMessaging({
      service: 'shop',
      transport: new InMemoryTransport({ broker }),
      store,
      outbox: { pollIntervalMs: 100, backoffMs: { initial: 50, max: 400 } },
      // Enough delayed retries to outlast the outage.
      retry: { immediate: 0, delays: [200, 400, 800, 1_600, 3_200] },
    });
    const stored = new Set<string>();
    bus.endpoint('order-history').on(OrderPlaced, async (order, ctx) => {
      await ctx.tx.query('INSERT INTO orders (id) VALUES ($1)', [order.orderId]);
    });
    bus.onEvent((event) => {
      if (event.kind === 'handled') stored.add(event.messageId);
      waiter.changed();
    });
    buses.push(bus);
    await bus.start();

    // Orders are accepted in transactions (as an HTTP request would) — the caller retries a failed one.
    const accepted: string[] = [];
    let refused = 0;
    const refusals = new Set<string>();
    const placeOrder = async (orderId: string) => {
      for (;;) {
        try {
          await bus.transaction(() => bus.publish(OrderPlaced, { orderId }));
          accepted.push(orderId);
          return;
        } catch (error) {
          refusals.add(error instanceof StoreUnavailableError ? 'store unavailable' : String(error));
          refused++;
          waiter.changed();
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    };
    for (let index = 0; index < 20; index++) await placeOrder(`order-${index}`);
    await takeDown();
    const duringOutage = Promise.all(
      Array.from({ length: 20 }, (_, index) => placeOrder(`order-${20 + index}`)),
    );
    // Let the outage bite: the relay and handlers fail and back off.
    await waiter.until(
      () => refused >= 20,
      'every order placed during the outage was refused at least once',
      10_000,
    );
    expect(accepted).toHaveLength(20);
    // The caller is told the database is unavailable (an HTTP API answers 503), and health says so too.
    expect([...refusals]).toEqual(['store unavailable']);
    // Health emits no event: look again every 50 ms.
    const nudge = setInterval(() => waiter.changed(), 50);
    await waiter
      .until(() => !bus.health().ready, 'health turns not ready', 10_000)
      .finally(() => clearInterval(nudge));
    expect(bus.health().reasons.join('; ')).toMatch(/the store is unreachable/);
    await bringUp();
    await duringOutage;

    await waiter.until(
      () => stored.size >= 40,
      'every accepted order is handled',
      30_000,
      () => `${stored.size} handled`,
    );
    const check = new pg.Client({ connectionString: urlOf(database) });
    await check.connect();
    try {
      const orders = await check.query('SELECT id FROM orders ORDER BY id');
      expect(orders.rows.map((row) => row.id).sort()).toEqual([...accepted].sort());
      expect(accepted).toHaveLength(40);
    } finally {
      await check.end();
    }
    const nudgeAgain = setInterval(() => waiter.changed(), 50);
    await waiter
      .until(() => bus.health().ready, 'health is ready again', 10_000)
      .finally(() => clearInterval(nudgeAgain));
    expect(bus.health().status).toBe('healthy');
  }, 60_000);
});
