import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl } from '../reliability/store-factories.js';
import { countingPool, outboxMessage as message } from './counting-pool.js';

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
    counting.unansweredBefore.length = 0;
    return { store, statements: counting.statements, counting };
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

    it(`on ${client}, ${pipeline ? 'the first statement goes out before BEGIN is answered' : 'each statement waits for the answer to the one before'}`, async () => {
      const { store, statements, counting } = await storeOn(pipeline);
      await store.transaction(async (tx) => {
        await tx.recordProcessed('endpoint', 'in-1');
        await tx.addToOutbox([message('out-1')]);
      });
      expect(statements).toEqual(['BEGIN', 'INSERT', 'INSERT', 'SELECT', 'COMMIT']);
      // Pipelined: the inbox INSERT rides with BEGIN, the staged INSERT and NOTIFY with COMMIT.
      expect(counting.unansweredBefore).toEqual(pipeline ? [0, 1, 0, 1, 2] : [0, 0, 0, 0, 0]);
    });

    it(`on ${client}, a BEGIN that fails fails the statement behind it and the transaction`, async () => {
      const { store, counting } = await storeOn(pipeline);
      counting.failBegin = true;
      const work = store.transaction((tx) => tx.recordProcessed('endpoint', 'in-1'));
      await expect(work).rejects.toThrow('BEGIN refused');
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
