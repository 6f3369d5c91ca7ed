import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type BusEvent,
  createMessaging,
  defineMessage,
  FaultRegistry,
  InMemoryBroker,
  InMemoryTransport,
  type MessageStore,
  type Messaging,
  type MessagingOptions,
  NonRetryableError,
  type TransportMessage,
} from '../../src/index.js';
import { silentLogger } from '../../src/observability/logger.js';
import { OutboxRelay } from '../../src/reliability/outbox-relay.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';
import { allStoreFactories, schemaOf } from './store-factories.js';

const TicketChanged = defineMessage({
  type: 'tickets.ticket-changed',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), version: z.number().int(), note: z.string() }),
  key: (message) => message.ticketId,
  version: (message) => message.version,
});

const TIMEOUT = 20_000;

/** Rows for `keys` keys, `perKey` each, committed one sequence number at a time; `headers.seq` is the order. */
async function fillOutbox(store: MessageStore, keys: number, perKey: number): Promise<void> {
  for (let seq = 0; seq < perKey; seq++) {
    await store.transaction((tx) =>
      tx.addToOutbox(
        Array.from({ length: keys }, (_, key) => ({
          id: `k${key}-s${seq}`,
          type: 'test.row',
          topic: 'rows',
          key: `k${key}`,
          headers: { seq: String(seq) },
          body: new Uint8Array([seq]),
          timestamp: Date.now(),
        })),
      ),
    );
  }
}

/** Re-checks an assertion about database state (which emits no event) until it holds, for at most 5 s. */
async function eventually(assertion: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

for (const factory of allStoreFactories()) {
  describe(`reliable bus on the ${factory.name} store`, () => {
    const buses: Messaging[] = [];
    let broker = new InMemoryBroker();
    const waiter = new ConditionWaiter();
    const events: (BusEvent & { bus: string })[] = [];

    afterEach(async () => {
      await Promise.allSettled(buses.splice(0).map((bus) => bus.stop()));
      broker = new InMemoryBroker();
      events.length = 0;
    });
    beforeAll(() => factory.open());
    afterAll(() => factory.dispose());

    async function bus(
      name: string,
      options: Partial<MessagingOptions>,
      configure: (bus: Messaging) => void = () => {},
    ) {
      const messaging = createMessaging({
        service: name,
        transport: new InMemoryTransport({ broker }),
        retry: { immediate: 0, delays: [] },
        publishes: [TicketChanged],
        ...options,
      });
      messaging.onEvent((event) => {
        events.push({ ...event, bus: name });
        waiter.changed();
      });
      configure(messaging);
      buses.push(messaging);
      await messaging.start();
      return messaging;
    }

    const until = (condition: () => boolean, description: string) =>
      waiter.until(condition, description, TIMEOUT, () => JSON.stringify(events.map((event) => event.kind)));

    const change = (ticketId: string, version: number, note = `v${version}`) => ({ ticketId, version, note });

    it('a crash between commit and publish loses nothing: the next relay publishes the row, once', async () => {
      const store = await factory.create();
      const handled: string[] = [];
      await bus('consumer', {}, (b) =>
        b.endpoint('ticket-log').on(TicketChanged, (message) => {
          handled.push(message.note);
          waiter.changed();
        }),
      );
      const doomed = await bus('doomed', { store });
      // The process's broker connection is gone: its relay cannot publish what it commits.
      await doomed.transport.close();
      await doomed.transaction(() =>
        doomed.publish(TicketChanged, change('T-1', 1, 'committed before the crash')),
      );
      expect((await store.outboxBacklog()).unsent).toBe(1);
      await doomed.stop();
      expect((await store.outboxBacklog()).unsent).toBe(1);

      const restarted = await bus('restarted', { store });
      await until(() => handled.includes('committed before the crash'), 'the committed message is published');
      await restarted.publish(TicketChanged, change('T-1', 2, 'sentinel'));
      await until(() => handled.includes('sentinel'), 'the sentinel arrives');
      expect(handled.filter((note) => note === 'committed before the crash')).toHaveLength(1);
      // The relay marks the row sent right after the broker confirmed it, which is after the handler saw it.
      await eventually(async () => expect((await store.outboxBacklog()).unsent).toBe(0));
    });

    it('a handler that throws after writing leaves nothing: no data, no outbox row, no inbox record', async () => {
      const store = await factory.create();
      const notes = `notes_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      if (factory.sql) {
        await store.transaction((tx) => tx.query(`CREATE TABLE ${notes} (id text PRIMARY KEY, note text)`));
      }
      let runs = 0;
      const forwarded: string[] = [];
      const Forwarded = defineMessage({
        type: 'tickets.note-forwarded',
        topic: 'tickets',
        schema: z.object({ note: z.string() }),
        key: () => 'T-1',
      });
      const consumer = await bus('consumer', { store }, (b) => {
        b.endpoint('notes').on(TicketChanged, async (message, ctx) => {
          runs++;
          if (factory.sql)
            await ctx.tx.query(`INSERT INTO ${notes} (id, note) VALUES ($1, $2)`, [
              ctx.messageId,
              message.note,
            ]);
          await ctx.publish(Forwarded, { note: message.note });
          if (runs === 1) throw new NonRetryableError('failed after writing');
        });
        b.endpoint('forwarded').on(Forwarded, (message) => {
          forwarded.push(message.note);
          waiter.changed();
        });
      });
      await consumer.publish(TicketChanged, change('T-1', 1, 'first'));
      await until(
        () => events.some((event) => event.kind === 'dead-lettered'),
        'the failure is dead-lettered',
      );
      if (factory.sql) {
        const rows = await store.transaction((tx) => tx.query(`SELECT count(*)::int AS count FROM ${notes}`));
        expect(rows.rows[0]).toEqual({ count: 0 });
      }
      expect(await store.outboxBacklog()).toEqual({ unsent: 0, oldestUnsentAgeMs: 0 });
      expect(forwarded).toEqual([]);

      // The inbox forgot it too: a replay runs the handler again, and this time everything commits.
      expect(await consumer.deadLetters('notes').replay()).toBe(1);
      await until(() => forwarded.length === 1, 'the replayed message is handled and forwarded');
      expect(runs).toBe(2);
      expect(forwarded).toEqual(['first']);
      if (factory.sql) {
        const rows = await store.transaction((tx) => tx.query(`SELECT note FROM ${notes}`));
        expect(rows.rows).toEqual([{ note: 'first' }]);
      }
    });

    it('the same message delivered twice, concurrently to two consumers, takes effect once', async () => {
      const store = await factory.create();
      let effects = 0;
      const handler = async () => {
        // Hold the transaction open so the duplicate arrives while the first is still in flight.
        await new Promise((resolve) => setTimeout(resolve, 50));
        effects++;
      };
      const one = await bus('one', { store }, (b) =>
        b.endpoint('counter', { concurrency: 2 }).on(TicketChanged, handler),
      );
      await bus('two', { store }, (b) =>
        b.endpoint('counter', { concurrency: 2 }).on(TicketChanged, handler),
      );
      const envelope: TransportMessage = {
        id: randomUUID(),
        type: TicketChanged.type,
        topic: TicketChanged.topic,
        key: 'T-9',
        headers: { 'content-type': 'application/json', attempt: '1' },
        body: new TextEncoder().encode(JSON.stringify(change('T-9', 1))),
        timestamp: Date.now(),
      };
      await one.transport.send([envelope, envelope]);
      await until(
        () => events.filter((event) => event.kind === 'handled' || event.kind === 'skipped').length === 2,
        'both copies are settled',
      );
      expect(effects).toBe(1);
      expect(
        events.filter((event) => event.kind === 'skipped').map((event) => 'reason' in event && event.reason),
      ).toEqual(['duplicate']);
      expect(new Set(events.filter((event) => event.kind !== 'published').map((event) => event.bus))).toEqual(
        new Set(['one', 'two']),
      );
    });

    it('three relays over 10 000 rows and 100 keys publish every row once, in per-key order', async () => {
      const store = await factory.create();
      const keys = 100;
      const perKey = 100;
      await fillOutbox(store, keys, perKey);
      const published = new Map<string, number[]>();
      let total = 0;
      const relays = Array.from(
        { length: 3 },
        () =>
          new OutboxRelay({
            store,
            backlog: () => ({ unsent: 0, oldestUnsentAgeMs: 0 }),
            logger: silentLogger,
            inboxRetentionMs: 60_000,
            options: { batchSize: 50, pollIntervalMs: 50, concurrency: 1 },
            send: async (messages) => {
              // A broker takes a moment to confirm; without it one relay would win every race in-process.
              await new Promise((resolve) => setImmediate(resolve));
              for (const message of messages) {
                const sequence = published.get(message.key!) ?? [];
                sequence.push(Number(message.headers.seq));
                published.set(message.key!, sequence);
              }
              total += messages.length;
              waiter.changed();
            },
          }),
      );
      await Promise.all(relays.map((relay) => relay.start()));
      try {
        await waiter.until(
          () => total >= keys * perKey,
          'all rows are published',
          120_000,
          () => `${total} published`,
        );
      } finally {
        await Promise.all(relays.map((relay) => relay.stop()));
      }
      expect(total).toBe(keys * perKey);
      for (const [key, sequence] of published) {
        expect(sequence, `order of ${key}`).toEqual(Array.from({ length: perKey }, (_, seq) => seq));
      }
      expect(relays.filter((relay) => relay.health().published > 0).length).toBeGreaterThan(1);
      expect((await store.outboxBacklog()).unsent).toBe(0);
    }, 180_000);

    it('one relay with several rounds in flight keeps per-key order and publishes each row once', async () => {
      const store = await factory.create();
      await fillOutbox(store, 30, 20);
      const published = new Map<string, number[]>();
      let total = 0;
      let inFlight = 0;
      let mostInFlight = 0;
      const relay = new OutboxRelay({
        store,
        backlog: () => ({ unsent: 0, oldestUnsentAgeMs: 0 }),
        logger: silentLogger,
        inboxRetentionMs: 60_000,
        options: { batchSize: 10, pollIntervalMs: 50, concurrency: 4 },
        send: async (messages) => {
          inFlight++;
          mostInFlight = Math.max(mostInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inFlight--;
          for (const message of messages) {
            published.set(message.key!, [
              ...(published.get(message.key!) ?? []),
              Number(message.headers.seq),
            ]);
          }
          total += messages.length;
          waiter.changed();
        },
      });
      await relay.start();
      try {
        await waiter.until(
          () => total >= 600,
          'all rows are published',
          60_000,
          () => `${total} published`,
        );
      } finally {
        await relay.stop();
      }
      expect(total).toBe(600);
      for (const [key, sequence] of published) {
        expect(sequence, `order of ${key}`).toEqual(Array.from({ length: 20 }, (_, seq) => seq));
      }
      // PGlite runs one transaction at a time, and a round publishes inside its transaction: one round in flight.
      if (factory.name !== 'pglite') expect(mostInFlight).toBeGreaterThan(1);
    }, 90_000);

    it('the ordering guard skips stale versions and applies newer ones', async () => {
      const store = await factory.create();
      const applied: number[] = [];
      const producer = await bus('sla', { store }, (b) =>
        b.endpoint('sla-tickets', { orderingGuard: true, partitions: 1 }).on(TicketChanged, (message) => {
          applied.push(message.version);
          waiter.changed();
        }),
      );
      for (const version of [1, 3, 2, 3, 4]) await producer.publish(TicketChanged, change('T-5', version));
      await until(() => applied.includes(4), 'version 4 is applied');
      expect(applied).toEqual([1, 3, 4]);
      expect(
        events.filter((event) => event.kind === 'skipped').map((event) => 'reason' in event && event.reason),
      ).toEqual(['stale-version', 'stale-version']);
    });

    it('with onGap "hold", a message ahead of a gap waits for the missing one', async () => {
      const store = await factory.create();
      const applied: number[] = [];
      const producer = await bus(
        'sla',
        { store, retry: { immediate: 3, delays: [100, 200, 400, 800] } },
        (b) =>
          b
            .endpoint('sla-tickets', { orderingGuard: { onGap: 'hold' }, partitions: 1 })
            .on(TicketChanged, (message) => {
              applied.push(message.version);
              waiter.changed();
            }),
      );
      await producer.publish(TicketChanged, change('T-6', 1));
      await until(() => events.some((event) => event.kind === 'handled'), 'version 1 is applied');
      await producer.publish(TicketChanged, change('T-6', 3));
      await until(() => events.some((event) => event.kind === 'retry-scheduled'), 'version 3 is held');
      await producer.publish(TicketChanged, change('T-6', 2));
      await until(() => applied.length === 3, 'all three versions are applied');
      expect(applied).toEqual([1, 2, 3]);
      // Held messages are not retried immediately: waiting in-process cannot close the gap.
      expect(events.filter((event) => event.kind === 'failed' && event.willRetry === 'immediately')).toEqual(
        [],
      );
    });

    it('a row the broker refuses does not hold up other keys, and goes out once it can', async () => {
      const store = await factory.create();
      const Orphan = defineMessage({
        type: 'tickets.orphan-note',
        topic: 'tickets',
        schema: z.object({ ticketId: z.string() }),
        key: (message) => message.ticketId,
      });
      const handled: string[] = [];
      const producer = await bus(
        'tickets',
        { store, outbox: { pollIntervalMs: 50, backoffMs: { initial: 20, max: 100 } } },
        (b) =>
          b.endpoint('ticket-log').on(TicketChanged, (message) => {
            handled.push(message.note);
            waiter.changed();
          }),
      );
      await producer.transaction(async () => {
        await producer.publish(Orphan, { ticketId: 'T-1' }); // nobody subscribes yet: unroutable
        await producer.publish(TicketChanged, change('T-1', 1, 'blocked behind the orphan'));
        await producer.publish(TicketChanged, change('T-2', 1, 'another key'));
      });
      await until(
        () => handled.includes('another key'),
        'the other key is published despite the refused row',
      );
      expect(handled).not.toContain('blocked behind the orphan');
      await eventually(async () => {
        const backlog = await store.outboxBacklog();
        expect(backlog.unsent).toBe(2);
        // The refused row itself says how often it was tried and why it failed.
        expect(backlog.oldest).toMatchObject({
          type: Orphan.type,
          lastError: expect.stringMatching(/unroutable/),
        });
        expect(backlog.oldest!.attempts).toBeGreaterThanOrEqual(1);
        expect(producer.health().outbox?.lastError).toMatch(/unroutable/);
      });

      const orphans: string[] = [];
      await bus('late-subscriber', {}, (b) =>
        b.endpoint('orphans').on(Orphan, (message) => {
          orphans.push(message.ticketId);
          waiter.changed();
        }),
      );
      await until(
        () => handled.includes('blocked behind the orphan'),
        'the key goes out in order once routable',
      );
      expect(orphans).toEqual(['T-1']);
      await eventually(async () => expect((await store.outboxBacklog()).unsent).toBe(0));
      if (factory.sql) {
        const { rows } = await store.transaction((tx) =>
          tx.query<{ publish_attempts: number; last_error: string | null }>(
            `SELECT publish_attempts, last_error FROM ${schemaOf(store)}.outbox WHERE type = $1`,
            [Orphan.type],
          ),
        );
        expect(rows[0]!.publish_attempts).toBeGreaterThanOrEqual(2);
        expect(rows[0]!.last_error).toMatch(/unroutable/);
      }
    });

    it('injected faults: a re-published outbox row and a crash before ack still take effect once', async () => {
      const store = await factory.create();
      const faults = new FaultRegistry();
      faults.add({ point: 'outbox.publish', messageType: TicketChanged.type, count: 1 });
      faults.add({ point: 'delivery.crash-before-ack', messageType: TicketChanged.type, count: 1 });
      let effects = 0;
      const producer = await bus('tickets', { store, faults, outbox: { pollIntervalMs: 50 } }, (b) =>
        b.endpoint('audit').on(TicketChanged, () => {
          effects++;
          waiter.changed();
        }),
      );
      await producer.transaction(() => producer.publish(TicketChanged, change('T-7', 1)));
      await until(
        () => events.filter((event) => event.kind === 'skipped').length >= 2,
        'both duplicates are skipped',
      );
      expect(effects).toBe(1);
      expect(faults.list()).toEqual([]);
      await eventually(async () => expect((await store.outboxBacklog()).unsent).toBe(0));
    });
  });
}
