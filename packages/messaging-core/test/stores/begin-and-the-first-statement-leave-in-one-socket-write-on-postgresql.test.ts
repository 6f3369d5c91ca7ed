import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl } from '../reliability/store-factories.js';
import { type CountingPool, countingPool, outboxMessage } from './counting-pool.js';

describe.skipIf(!databaseUrl)(
  'on a pipelining PostgreSQL client, what goes out together leaves in one write',
  () => {
    let counting: CountingPool;
    afterAll(async () => {
      await counting?.end();
    });

    it('BEGIN rides with the first statement, the staged rows and their announcement with COMMIT', async () => {
      counting = countingPool(true);
      const store = await createPostgresStore({
        pool: counting.pool,
        schema: `t_cork_${Date.now().toString(36)}`,
      });
      await store.migrate();
      counting.statements.length = 0;
      const before = counting.socketWrites();
      await store.transaction(async (tx) => {
        expect(await tx.recordProcessed('endpoint', 'in-1')).toBe(true);
        // BEGIN and the inbox INSERT: one write.
        expect(counting.socketWrites() - before).toBe(1);
        await tx.addToOutbox([outboxMessage('out-1')]);
      });
      expect(counting.statements).toEqual(['BEGIN', 'INSERT', 'INSERT', 'SELECT', 'COMMIT']);
      // The outbox INSERT, its NOTIFY and COMMIT: the second write.
      expect(counting.socketWrites() - before).toBe(2);
      expect((await store.outboxBacklog()).unsent).toBe(1);
    });
  },
);
