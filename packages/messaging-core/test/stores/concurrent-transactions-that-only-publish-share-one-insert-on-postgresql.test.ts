import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl } from '../reliability/store-factories.js';
import { type CountingPool, countingPool, outboxMessage } from './counting-pool.js';

describe.skipIf(!databaseUrl)(
  'concurrent transactions that only publish share one INSERT on PostgreSQL',
  () => {
    const pools: CountingPool[] = [];
    afterAll(async () => {
      await Promise.all(pools.map((pool) => pool.end()));
    });

    async function storeOn() {
      const counting = countingPool(true);
      pools.push(counting);
      const store = await createPostgresStore({
        pool: counting.pool,
        schema: `t_group_${pools.length}_${Date.now().toString(36)}`,
      });
      await store.migrate();
      counting.statements.length = 0;
      return { store, statements: counting.statements };
    }

    it('forty transactions at once are written in a few statements, and every row is there', async () => {
      const { store, statements } = await storeOn();
      const ids = Array.from({ length: 40 }, (_, index) => `m-${index}`);
      await Promise.all(
        ids.map((id) =>
          store.transaction((tx) => tx.addToOutbox([outboxMessage(id)]), { announceOutbox: false }),
        ),
      );
      // Two writers: the first two go alone, the rest wait and go out together.
      expect(statements.length).toBeLessThanOrEqual(4);
      expect(statements.every((statement) => statement === 'INSERT')).toBe(true);
      expect((await store.outboxBacklog()).unsent).toBe(40);
    });

    it('a transaction the database refuses fails alone; the ones written with it are kept', async () => {
      const { store } = await storeOn();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) =>
          store.transaction(
            (tx) =>
              // jsonb cannot hold a NUL character.
              tx.addToOutbox([outboxMessage(`m-${index}`, index === 6 ? { note: 'nul \u0000' } : {})]),
            { announceOutbox: false },
          ),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(
        Array.from({ length: 10 }, (_, index) => (index === 6 ? 'rejected' : 'fulfilled')),
      );
      expect((await store.outboxBacklog()).unsent).toBe(9);
    });

    it('a transaction that also ran a statement writes its rows with its own COMMIT, not with the group', async () => {
      const { store, statements } = await storeOn();
      await store.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await tx.addToOutbox([outboxMessage('own')]);
      });
      expect(statements).toEqual(['BEGIN', 'SELECT', 'INSERT', 'SELECT', 'COMMIT']);
    });
  },
);
