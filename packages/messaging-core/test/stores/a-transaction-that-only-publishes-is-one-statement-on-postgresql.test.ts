import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPostgresStore,
  type PgClientLike,
  type PgPoolLike,
  type TransportMessage,
} from '../../src/index.js';
import { databaseUrl } from '../reliability/store-factories.js';

const message = (id: string, headers: Record<string, string> = {}): TransportMessage => ({
  id,
  type: 'tickets.ticket-opened',
  topic: 'tickets',
  key: 'T-1',
  headers,
  body: new TextEncoder().encode('{}'),
  timestamp: 0,
});

/** A real pool whose checked-out clients write down every statement they are handed. */
function countingPool(pipeline: boolean): { pool: PgPoolLike; statements: string[]; end(): Promise<void> } {
  const real = new pg.Pool({ connectionString: databaseUrl, max: 2, pipeline });
  const statements: string[] = [];
  const pool: PgPoolLike = {
    connect: async () => {
      const client = await real.connect();
      const counting: PgClientLike = {
        pipeline: client.pipeline,
        query: (text, params) => {
          statements.push(text.trim().split(/\s+/)[0]!.toUpperCase());
          return client.query(text, params);
        },
        release: (destroy) => client.release(destroy),
        on: client.on.bind(client) as PgClientLike['on'],
        removeListener: (event, listener) => client.removeListener(event, listener),
        removeAllListeners: (event) => client.removeAllListeners(event),
      };
      return counting;
    },
    query: (text, params) => real.query(text, params),
    on: (event, listener) => real.on(event, listener),
    end: () => real.end(),
  };
  return { pool, statements, end: () => real.end() };
}

describe.skipIf(!databaseUrl)('a transaction on PostgreSQL sends only what it needs', () => {
  const pools: { end(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  async function storeOn(pipeline: boolean) {
    const counting = countingPool(pipeline);
    pools.push(counting);
    const schema = `t_one_${pipeline ? 'p' : 's'}_${Date.now().toString(36)}`;
    const store = await createPostgresStore({ pool: counting.pool, schema });
    await store.migrate();
    counting.statements.length = 0;
    return { store, statements: counting.statements };
  }

  for (const pipeline of [true, false]) {
    const client = pipeline ? 'a pipelining client' : 'a client that waits for each answer';

    it(`on ${client}, a transaction that only publishes writes its outbox row in one statement`, async () => {
      const { store, statements } = await storeOn(pipeline);
      await store.transaction((tx) => tx.addToOutbox([message('m-1')]), { announceOutbox: false });
      expect(statements).toEqual(['INSERT']);
      expect((await store.outboxBacklog()).unsent).toBe(1);
    });

    it(`on ${client}, a transaction that ran nothing sends nothing`, async () => {
      const { store, statements } = await storeOn(pipeline);
      await store.transaction(async () => 'nothing');
      expect(statements).toEqual([]);
    });

    it(`on ${client}, BEGIN goes with the first statement and the outbox rows with the COMMIT`, async () => {
      const { store, statements } = await storeOn(pipeline);
      await store.transaction(async (tx) => {
        expect(await tx.recordProcessed('endpoint', 'in-1')).toBe(true);
        await tx.addToOutbox([message('out-1')]);
        // Staged, not written: the row goes out with the commit.
        expect(statements).toEqual(['BEGIN', 'INSERT']);
      });
      // The announcement (NOTIFY, the default outside the bus) goes with the commit too.
      expect(statements).toEqual(['BEGIN', 'INSERT', 'INSERT', 'SELECT', 'COMMIT']);
      expect((await store.outboxBacklog()).unsent).toBe(1);
    });

    it(`on ${client}, an outbox row the database refuses at commit rolls the whole transaction back`, async () => {
      const { store } = await storeOn(pipeline);
      // jsonb cannot hold a NUL character: the staged INSERT fails at commit.
      const refused = store.transaction(async (tx) => {
        expect(await tx.recordProcessed('endpoint', 'in-1')).toBe(true);
        await tx.addToOutbox([message('out-1', { note: 'nul \u0000 inside' })]);
      });
      await expect(refused).rejects.toThrow(/unicode|\\u0000/i);
      // The inbox record went with it: the message counts as not processed.
      await store.transaction(async (tx) => {
        expect(await tx.recordProcessed('endpoint', 'in-1')).toBe(true);
      });
      expect((await store.outboxBacklog()).unsent).toBe(0);
    });
  }
});
