import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl, uniqueSchema } from '../reliability/store-factories.js';
import { outboxMessage as message } from './counting-pool.js';
import { clientMethods, wrappedPool } from './wrapped-pool.js';

describe.runIf(databaseUrl)('a pool whose clients hide their socket still runs transactions', () => {
  const real = new pg.Pool({ connectionString: databaseUrl, max: 1, pipeline: true });
  afterAll(() => real.end());

  // A wrapper such as an instrumentation library's: the client's methods, not pg's `connection` with the socket
  // the store corks, so the store sends each statement as it is handed over.
  const wrapped = wrappedPool(real, clientMethods);

  it('a transaction with a statement and an outbox row commits both', async () => {
    const store = await createPostgresStore({ pool: wrapped, schema: uniqueSchema() });
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
