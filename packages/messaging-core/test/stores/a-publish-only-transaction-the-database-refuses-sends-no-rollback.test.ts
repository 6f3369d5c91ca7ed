import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl } from '../reliability/store-factories.js';
import { countingPool, outboxMessage as message } from './counting-pool.js';

describe.runIf(databaseUrl)('a publish-only transaction the database refuses sends no ROLLBACK', () => {
  const pools: { end(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  for (const pipeline of [true, false]) {
    it(`on ${pipeline ? 'a pipelining client' : 'a client that waits for each answer'}: its one INSERT was never inside a BEGIN`, async () => {
      const counting = countingPool(pipeline);
      pools.push(counting);
      const store = await createPostgresStore({
        pool: counting.pool,
        schema: `t_refused_${pipeline ? 'p' : 's'}_${Date.now().toString(36)}`,
      });
      await store.migrate();
      counting.statements.length = 0;

      // jsonb cannot hold a NUL character: the one statement of the transaction fails.
      const refused = store.transaction((tx) => tx.addToOutbox([message('m-1', { note: 'nul \u0000' })]), {
        announceOutbox: false,
      });

      await expect(refused).rejects.toThrow(/unicode|\\u0000/i);
      expect(counting.statements).toEqual(['INSERT']);
    });
  }
});
