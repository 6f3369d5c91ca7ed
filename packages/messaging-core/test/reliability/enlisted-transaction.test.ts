import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type TransportMessage } from '../../src/index.js';
import { databaseUrl } from './store-factories.js';

describe.runIf(databaseUrl)('enlisting a transaction the application already holds', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  afterAll(() => pool.end());

  it('outbox rows written through the caller’s pg client commit and roll back with the caller’s transaction', async () => {
    const store = await createPostgresStore({
      pool,
      schema: `t_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    });
    await store.migrate();
    const message = (id: string): TransportMessage => ({
      id,
      type: 'test.enlisted',
      topic: 'enlisted',
      key: 'k',
      headers: {},
      body: new Uint8Array([1]),
      timestamp: Date.now(),
    });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await store.transactionOn(client).addToOutbox([message('rolled-back')]);
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      const tx = store.transactionOn(client);
      await tx.addToOutbox([message('committed')]);
      expect(await tx.recordProcessed('http', 'request-1')).toBe(true);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const published: string[] = [];
    await store.relayOutbox(10, async (entries) => {
      published.push(...entries.map((entry) => entry.message.id));
    });
    expect(published).toEqual(['committed']);
  });
});
