import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PgClientLike, type PgPoolLike } from '../../src/index.js';
import { databaseUrl } from '../reliability/store-factories.js';
import { outboxMessage as message } from './counting-pool.js';

describe.runIf(databaseUrl)('a pool whose clients hide their socket still runs transactions', () => {
  const real = new pg.Pool({ connectionString: databaseUrl, max: 1, pipeline: true });
  afterAll(() => real.end());

  // A wrapper such as an instrumentation library's: the client's methods, not pg's `connection` with the socket
  // the store corks, so the store sends each statement as it is handed over.
  const wrapped: PgPoolLike = {
    connect: async () => {
      const client = await real.connect();
      const only: PgClientLike = {
        pipeline: client.pipeline,
        query: (text, params) => client.query(text, params),
        release: (destroy) => client.release(destroy),
        on: client.on.bind(client) as PgClientLike['on'],
        removeListener: (event, listener) => client.removeListener(event, listener),
        removeAllListeners: (event) => client.removeAllListeners(event),
      };
      return only;
    },
    query: (text, params) => real.query(text, params),
    on: (event, listener) => real.on(event, listener),
    end: () => real.end(),
  };

  it('a transaction with a statement and an outbox row commits both', async () => {
    const store = await createPostgresStore({ pool: wrapped, schema: `t_hidden_${Date.now().toString(36)}` });
    await store.migrate();

    await store.transaction(async (tx) => {
      expect(await tx.recordProcessed('endpoint', 'in-1')).toBe(true);
      await tx.addToOutbox([message('out-1')]);
    });

    expect((await store.outboxBacklog()).unsent).toBe(1);
    await store.transaction(async (tx) => {
      expect(await tx.recordProcessed('endpoint', 'in-1')).toBe(false);
    });
  });
});
