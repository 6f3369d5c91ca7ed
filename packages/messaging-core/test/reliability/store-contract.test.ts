import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageStore, TransportMessage } from '../../src/index.js';
import { allStoreFactories, schemaOf } from './store-factories.js';

function message(id: string, key: string | undefined, seq: number): TransportMessage {
  return {
    id,
    type: 'test.thing-happened',
    topic: 'things',
    key,
    headers: { 'correlation-id': 'c-1', seq: String(seq) },
    body: new TextEncoder().encode(JSON.stringify({ seq, text: 'zażółć' })),
    timestamp: 1_700_000_000_000 + seq,
    mandatory: true,
  };
}

for (const factory of allStoreFactories()) {
  describe(`message store: ${factory.name}`, () => {
    beforeAll(() => factory.open());
    afterAll(() => factory.dispose());

    it('migrate is idempotent, also when run concurrently', async () => {
      const store = await factory.create();
      await Promise.all([store.migrate(), store.migrate(), store.migrate()]);
      expect(await store.outboxBacklog()).toEqual({ unsent: 0, oldestUnsentAgeMs: 0 });
    });

    it('outbox rows are published in per-key order with every field intact, once', async () => {
      const store = await factory.create();
      await store.transaction(async (tx) => {
        await tx.addToOutbox([message('a1', 'A', 1), message('b1', 'B', 1), message('a2', 'A', 2)]);
      });
      await store.transaction(async (tx) => tx.addToOutbox([message('n1', undefined, 9)]));
      expect((await store.outboxBacklog()).unsent).toBe(4);
      const published: TransportMessage[] = [];
      const count = await store.relayOutbox(10, async (entries) => {
        published.push(...entries.map((entry) => entry.message));
      });
      expect(count).toBe(4);
      expect(published.map((entry) => entry.id)).toEqual(['a1', 'b1', 'a2', 'n1']);
      expect(published[0]).toEqual(message('a1', 'A', 1));
      expect(published[3]!.key).toBeUndefined();
      expect(await store.relayOutbox(10, async () => {})).toBe(0);
      expect((await store.outboxBacklog()).unsent).toBe(0);
    });

    it('stores only the bytes of a body that is a view into a larger buffer', async () => {
      const store = await factory.create();
      // The JSON serializer returns such views (slices of Node's buffer pool).
      const pool = new TextEncoder().encode('before|{"seq":1}|after');
      const body = pool.subarray(7, 16);
      await store.transaction((tx) => tx.addToOutbox([{ ...message('view', 'V', 1), body }]));
      const bodies: string[] = [];
      await store.relayOutbox(10, async (entries) => {
        bodies.push(...entries.map((entry) => new TextDecoder().decode(entry.message.body)));
      });
      expect(bodies).toEqual(['{"seq":1}']);
    });

    it('a failed publish leaves the rows unsent; a rolled-back transaction leaves nothing', async () => {
      const store = await factory.create();
      await expect(
        store.transaction(async (tx) => {
          await tx.addToOutbox([message('rolled-back', 'A', 1)]);
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
      await store.transaction((tx) => tx.addToOutbox([message('kept', 'A', 1)]));
      await expect(
        store.relayOutbox(10, async () => {
          throw new Error('broker down');
        }),
      ).rejects.toThrow('broker down');
      const published: string[] = [];
      await store.relayOutbox(10, async (entries) => {
        published.push(...entries.map((entry) => entry.message.id));
      });
      expect(published).toEqual(['kept']);
    });

    it('counts the attempts of a row the broker refused and records why, also once it went out', async () => {
      const store = await factory.create();
      await store.transaction((tx) => tx.addToOutbox([message('refused', 'A', 1), message('fine', 'B', 1)]));
      const refusedOnly = async (entries: readonly { sequence: number; message: TransportMessage }[]) => ({
        published: entries.filter((entry) => entry.message.id === 'fine').map((entry) => entry.sequence),
        failed: entries
          .filter((entry) => entry.message.id === 'refused')
          .map((entry) => ({ sequence: entry.sequence, error: 'no route to "things"' })),
      });
      expect(await store.relayOutbox(10, refusedOnly)).toBe(1);
      expect(await store.outboxBacklog()).toMatchObject({
        unsent: 1,
        oldest: {
          messageId: 'refused',
          type: 'test.thing-happened',
          attempts: 1,
          lastError: 'no route to "things"',
        },
      });
      await expect(
        store.relayOutbox(10, async () => {
          throw new Error('broker down');
        }),
      ).rejects.toThrow('broker down');
      expect((await store.outboxBacklog()).oldest).toMatchObject({ attempts: 2, lastError: 'broker down' });

      expect(await store.relayOutbox(10, async () => {})).toBe(1);
      expect(await store.outboxBacklog()).toEqual({ unsent: 0, oldestUnsentAgeMs: 0 });
      if (factory.sql) {
        const rows = await store.transaction((tx) =>
          tx.query<{ message_id: string; publish_attempts: number; last_error: string | null }>(
            `SELECT message_id, publish_attempts, last_error FROM ${schemaOf(store)}.outbox ORDER BY sequence`,
          ),
        );
        expect(rows.rows).toEqual([
          { message_id: 'refused', publish_attempts: 3, last_error: 'broker down' },
          { message_id: 'fine', publish_attempts: 1, last_error: null },
        ]);
      }
    });

    it('inbox: first record wins, a rollback forgets, a concurrent duplicate waits and then sees it', async () => {
      const store = await factory.create();
      await expect(
        store.transaction(async (tx) => {
          expect(await tx.recordProcessed('ep', 'm1')).toBe(true);
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await store.transaction((tx) => tx.recordProcessed('ep', 'm1'))).toBe(true);
      expect(await store.transaction((tx) => tx.recordProcessed('ep', 'm1'))).toBe(false);
      expect(await store.transaction((tx) => tx.recordProcessed('other-endpoint', 'm1'))).toBe(true);

      let releaseFirst!: () => void;
      const firstHolds = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      let firstRecorded!: () => void;
      const recorded = new Promise<void>((resolve) => {
        firstRecorded = resolve;
      });
      const first = store.transaction(async (tx) => {
        const fresh = await tx.recordProcessed('ep', 'm2');
        firstRecorded();
        await firstHolds;
        return fresh;
      });
      await recorded;
      // PGlite runs one transaction at a time, so the second simply queues behind the first.
      const second = store.transaction((tx) => tx.recordProcessed('ep', 'm2'));
      releaseFirst();
      expect(await first).toBe(true);
      expect(await second).toBe(false);
    });

    it('entity versions only move forward', async () => {
      const store = await factory.create();
      await store.transaction(async (tx) => {
        expect(await tx.lastVersion('ep', 'ticket-1')).toBeUndefined();
        await tx.saveVersion('ep', 'ticket-1', 3);
      });
      await store.transaction((tx) => tx.saveVersion('ep', 'ticket-1', 2));
      expect(await store.transaction((tx) => tx.lastVersion('ep', 'ticket-1'))).toBe(3);
    });

    it('cleanup removes sent rows and inbox records past their retention, keeps unsent rows', async () => {
      const store = await factory.create();
      await store.transaction(async (tx) => {
        await tx.addToOutbox([message('sent', 'A', 1)]);
        await tx.recordProcessed('ep', 'old');
      });
      await store.relayOutbox(1, async () => {});
      await store.transaction((tx) => tx.addToOutbox([message('unsent', 'B', 1)]));
      expect(await store.cleanup({ sentRetentionMs: 0, inboxRetentionMs: 0 })).toEqual({
        outbox: 1,
        inbox: 1,
      });
      expect((await store.outboxBacklog()).unsent).toBe(1);
    });

    it('announces committed outbox rows to listeners, not rolled-back ones', async () => {
      const store = await factory.create();
      const announced = await announcementsOf(store);
      await expect(
        store.transaction(async (tx) => {
          await tx.addToOutbox([message('x', 'A', 1)]);
          throw new Error('no');
        }),
      ).rejects.toThrow();
      expect(announced.count).toBe(0);
      await store.transaction((tx) => tx.addToOutbox([message('y', 'A', 1)]));
      await announced.next;
      expect(announced.count).toBe(1);
      await announced.stop();
    });

    it('leaves listeners quiet for a transaction that does not announce its outbox rows', async () => {
      const store = await factory.create();
      const announced = await announcementsOf(store);
      await store.transaction((tx) => tx.addToOutbox([message('quiet', 'A', 1)]), { announceOutbox: false });
      // Notifications arrive in commit order: had the quiet one announced, it would be counted before this one.
      await store.transaction((tx) => tx.addToOutbox([message('loud', 'A', 2)]));
      await announced.next;
      expect(announced.count).toBe(1);
      await announced.stop();
    });
  });
}

/** Counts the store's outbox announcements from now on; `next` resolves at the first one. */
async function announcementsOf(store: MessageStore) {
  let count = 0;
  let wake: (() => void) | undefined;
  const stop = await store.onOutboxCommitted(() => {
    count++;
    wake?.();
  });
  // The PostgreSQL listener announces once on (re)connect, for rows committed while it was away.
  count = 0;
  const next = new Promise<void>((resolve) => {
    wake = resolve;
  });
  return {
    get count() {
      return count;
    },
    next,
    stop,
  };
}
