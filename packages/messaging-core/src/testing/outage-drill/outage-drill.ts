import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { createMessaging, type Messaging } from '../../bus/messaging.js';
import type { Logger } from '../../observability/logger.js';
import { createPostgresStore } from '../../stores/postgres-store.js';
import type { SqlMessageStore } from '../../stores/sql-message-store.js';
import type { Transport } from '../../transport/transport.js';
import { drillBusOptions, drillContract, drillEndpoint } from './drill-order.js';
import { HealthTimeline } from './health-timeline.js';
import { createOutageDrillConsumer } from './outage-drill-consumer.js';
import type { OutageDrillReport } from './outage-drill-report.js';

/** What the drill runs on, for outages that aim at a part of it (the node its queue leader is on, its consumer). */
export interface OutageDrillTarget {
  /** Unique per drill; part of every name below. */
  readonly run: string;
  /** The PostgreSQL schema of the outbox, the inbox and the drill's `orders` and `effects` tables. */
  readonly schema: string;
  /** The consuming endpoint (queue, consumer group, subscription). */
  readonly endpoint: string;
  /** The toolkit topic the orders travel on. */
  readonly topic: string;
  readonly messageType: string;
  readonly producer: Transport;
  readonly consumer: Transport;
  /** Outbox rows not yet confirmed by the broker, now. */
  unsentRows(): Promise<number>;
  /** Orders whose effect is recorded, now. */
  handledOrders(): Promise<number>;
}

export interface OutageDrillOptions {
  /** For the report, e.g. "Kafka broker restart". */
  readonly name: string;
  /** A new transport to the broker under test per call (the producer and the consumer get one each). */
  readonly createTransport: (role: 'producer' | 'consumer') => Transport;
  /** The PostgreSQL database the outbox, the inbox and the drill's tables live in (a schema of their own). */
  readonly databaseUrl: string;
  /**
   * Takes the broker (or the database, a node, a consumer) down and brings it back, keeping its data; resolves once
   * it is back, optionally with a string for the report (which node it stopped, what it saw meanwhile).
   */
  readonly outage: (target: OutageDrillTarget) => Promise<unknown>;
  /** Runs once both buses have started, before the first order (e.g. start another consumer of the endpoint). */
  readonly beforeFlow?: (target: OutageDrillTarget) => Promise<void>;
  /** Orders committed in all. Default 300. */
  readonly orders?: number;
  /** Orders committed per second. Default 40. */
  readonly ratePerSecond?: number;
  /** Orders per transaction (one outbox row each): high rates need several. Default 1. */
  readonly ordersPerCommit?: number;
  /** Handlers of the consuming endpoint at once. Default 8. */
  readonly consumerConcurrency?: number;
  /** The outage starts once this many orders were committed. Default a third of them. */
  readonly outageAfter?: number;
  /** How long everything may take to be handled after the last commit, ms. Default 120 000. */
  readonly drainTimeoutMs?: number;
  readonly logger?: Logger;
}

/**
 * A steady flow through every reliability feature while a broker or database goes down and comes back: orders
 * committed with the transactional outbox (a commit that fails is retried, as a client would), published by the
 * relay, consumed by an inbox-protected handler that records its effect in the same transaction. Afterwards the
 * database is asked: every committed order handled exactly once, nothing left in the outbox, no bus stopped, and
 * how long each bus was not ready and how long recovery took.
 */
export async function runOutageDrill(options: OutageDrillOptions): Promise<OutageDrillReport> {
  const run = randomUUID().replaceAll('-', '').slice(0, 10);
  const schema = `drill_${run}`;
  const total = options.orders ?? 300;
  const perCommit = Math.max(1, options.ordersPerCommit ?? 1);
  const outageAfter = options.outageAfter ?? Math.floor(total / 3);
  const OrderPlaced = drillContract(run);
  const stores: SqlMessageStore[] = [];
  const buses: Messaging[] = [];
  const storeFor = async () => {
    const store = await createPostgresStore({
      connectionString: options.databaseUrl,
      schema,
      maxConnections: 6,
    });
    stores.push(store);
    return store;
  };
  try {
    const producerStore = await storeFor();
    await producerStore.migrate();
    await producerStore.transaction(async (tx) => {
      await tx.query(`CREATE TABLE ${schema}.orders (order_id text PRIMARY KEY, seq int NOT NULL)`);
      await tx.query(
        `CREATE TABLE ${schema}.effects (order_id text NOT NULL, redelivered boolean NOT NULL, handled_at timestamptz DEFAULT now())`,
      );
    });
    const consumerTransport = options.createTransport('consumer');
    const consumer = createOutageDrillConsumer({
      run,
      transport: consumerTransport,
      store: await storeFor(),
      concurrency: options.consumerConcurrency,
      logger: options.logger,
    });
    const producerTransport = options.createTransport('producer');
    const producer = createMessaging({
      service: `drill-${run}-producer`,
      transport: producerTransport,
      store: producerStore,
      publishes: [OrderPlaced],
      ...drillBusOptions(options.logger),
    });
    buses.push(consumer, producer);
    await consumer.start();
    await producer.start();
    const target: OutageDrillTarget = {
      run,
      schema,
      endpoint: drillEndpoint(run),
      topic: OrderPlaced.topic,
      messageType: OrderPlaced.type,
      producer: producerTransport,
      consumer: consumerTransport,
      unsentRows: async () => (await producerStore.outboxBacklog()).unsent,
      handledOrders: () =>
        count(producerStore, `SELECT count(DISTINCT order_id) AS n FROM ${schema}.effects`),
    };
    await options.beforeFlow?.(target);
    const timelines = { producer: new HealthTimeline(producer), consumer: new HealthTimeline(consumer) };

    let refusedCommits = 0;
    /** Orders `first` … `first + count - 1` in one transaction, retried until it commits (as a client would). */
    const commit = async (first: number, count: number) => {
      for (;;) {
        try {
          await producer.transaction(async (tx, publish) => {
            for (let seq = first; seq < first + count; seq++) {
              const orderId = `order-${seq}`;
              await tx.query(`INSERT INTO ${schema}.orders (order_id, seq) VALUES ($1, $2)`, [orderId, seq]);
              await publish(OrderPlaced, { orderId, seq });
            }
          });
          return;
        } catch {
          refusedCommits++;
          await delay(200);
        }
      }
    };

    let committedSoFar = 0;
    let outage: { from: number; to: number; detail: string | undefined } | undefined;
    let recovery: Promise<{ readyAt: number; drainedAt: number }> | undefined;
    const interval = 1_000 / (options.ratePerSecond ?? 40);
    const started = Date.now();
    for (let seq = 0; seq < total; seq += perCommit) {
      if (recovery === undefined && seq >= outageAfter) {
        const from = Date.now();
        recovery = options.outage(target).then((detail) => {
          outage = { from, to: Date.now(), detail: typeof detail === 'string' ? detail : undefined };
          return watchRecovery(committedSoFar);
        });
      }
      const count = Math.min(perCommit, total - seq);
      await commit(seq, count);
      committedSoFar = seq + count;
      const next = started + committedSoFar * interval;
      if (next > Date.now()) await delay(next - Date.now());
    }
    const flowMs = Date.now() - started;
    const drainDeadline = Date.now() + (options.drainTimeoutMs ?? 120_000);

    /** From the moment the outage is over: when both buses are ready, and when what was committed before is handled. */
    async function watchRecovery(before: number): Promise<{ readyAt: number; drainedAt: number }> {
      let readyAt: number | undefined;
      let drainedAt: number | undefined;
      const deadline = Date.now() + (options.drainTimeoutMs ?? 120_000);
      while ((readyAt === undefined || drainedAt === undefined) && Date.now() < deadline) {
        if (readyAt === undefined && timelines.producer.ready && timelines.consumer.ready)
          readyAt = Date.now();
        if (drainedAt === undefined) {
          const handled = await count(
            producerStore,
            `SELECT count(DISTINCT e.order_id) AS n FROM ${schema}.effects e
             JOIN ${schema}.orders o ON o.order_id = e.order_id WHERE o.seq < ${before}`,
          ).catch(() => 0);
          if (handled >= before) drainedAt = Date.now();
        }
        await delay(100);
      }
      return { readyAt: readyAt ?? Number.NaN, drainedAt: drainedAt ?? Number.NaN };
    }

    const { readyAt, drainedAt } = await recovery!;
    const back = outage!.to;
    // Then everything committed after the outage too.
    while (Date.now() < drainDeadline) {
      const handled = await count(
        producerStore,
        `SELECT count(DISTINCT order_id) AS n FROM ${schema}.effects`,
      );
      if (handled >= total) break;
      await delay(100);
    }
    for (const timeline of Object.values(timelines)) timeline.stop();

    const lost = await count(
      producerStore,
      `SELECT count(*) AS n FROM ${schema}.orders o WHERE NOT EXISTS (SELECT 1 FROM ${schema}.effects e WHERE e.order_id = o.order_id)`,
    );
    const { rows: lostRows } = await producerStore.transaction((tx) =>
      tx.query<{ order_id: string }>(
        `SELECT order_id FROM ${schema}.orders o WHERE NOT EXISTS (SELECT 1 FROM ${schema}.effects e WHERE e.order_id = o.order_id) ORDER BY seq LIMIT 10`,
      ),
    );
    const duplicated = await count(
      producerStore,
      `SELECT count(*) AS n FROM (SELECT order_id FROM ${schema}.effects GROUP BY order_id HAVING count(*) > 1) d`,
    );
    const redelivered = await count(
      producerStore,
      `SELECT count(*) AS n FROM ${schema}.effects WHERE redelivered`,
    );
    const phantom = await count(
      producerStore,
      `SELECT count(*) AS n FROM ${schema}.effects e WHERE NOT EXISTS (SELECT 1 FROM ${schema}.orders o WHERE o.order_id = e.order_id)`,
    );
    const committed = await count(producerStore, `SELECT count(*) AS n FROM ${schema}.orders`);
    const unsent = (await producerStore.outboxBacklog()).unsent;
    const notReadyOf = (timeline: HealthTimeline) => {
      const stretches = timeline.notReadyDuring(
        outage!.from,
        (Number.isNaN(readyAt) ? Date.now() : readyAt) + 1_000,
      );
      return {
        ms: stretches.reduce((sum, stretch) => sum + (stretch.to - stretch.from), 0),
        reasons: stretches[0]?.reasons ?? [],
      };
    };
    return {
      name: options.name,
      ...(outage!.detail === undefined ? {} : { outageDetail: outage!.detail }),
      committed,
      refusedCommits,
      lost,
      lostOrders: lostRows.map((row) => row.order_id),
      duplicated,
      redelivered,
      phantom,
      unsent,
      busStopped: timelines.producer.leftStarted || timelines.consumer.leftStarted,
      outageMs: outage!.to - outage!.from,
      flowMs,
      notReady: { producer: notReadyOf(timelines.producer), consumer: notReadyOf(timelines.consumer) },
      readyAgainAfterMs: Math.max(0, readyAt - back),
      drainedAfterMs: Math.max(0, drainedAt - back),
    };
  } finally {
    await Promise.allSettled(buses.map((bus) => bus.stop()));
    const [first] = stores;
    await first?.transaction((tx) => tx.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).catch(() => {});
    await Promise.allSettled(stores.map((store) => store.close()));
  }
}

async function count(store: SqlMessageStore, sql: string): Promise<number> {
  const { rows } = await store.transaction((tx) => tx.query<{ n: string | number }>(sql));
  return Number(rows[0]?.n ?? 0);
}
