import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type TransportMessage } from '../../src/index.js';
import { databaseUrl, uniqueSchema } from './store-factories.js';

describe.runIf(databaseUrl)('enlisting a transaction the application already holds', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  afterAll(() => pool.end());

  it('outbox rows written through the caller’s pg client commit and roll back with the caller’s transaction', async () => {
    const store = await createPostgresStore({
      pool,
      schema: uniqueSchema(),
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

  it('the caller’s COMMIT wakes the relay’s listener; an empty publish writes nothing; rows are mandatory unless said', async () => {
    const store = await createPostgresStore({
      pool,
      schema: uniqueSchema(),
    });
    await store.migrate();
    let woken: () => void = () => {};
    // The listener is called once on connecting (rows committed while nobody listened); only a later call counts.
    const stopListening = await store.onOutboxCommitted(() => woken());
    const wake = new Promise<void>((resolve) => {
      woken = resolve;
    });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const tx = store.transactionOn(client);
      await tx.addToOutbox([]);
      await tx.addToOutbox([
        {
          id: 'm-1',
          type: 'test.enlisted',
          topic: 'enlisted',
          headers: {},
          body: new Uint8Array([1]),
          timestamp: 1,
        },
      ]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    // Awaited, not timed: without the notification the relay would only find the row on its next poll.
    await wake;
    await stopListening();
    const mandatory: boolean[] = [];
    await store.relayOutbox(10, async (entries) => {
      mandatory.push(...entries.map((entry) => entry.message.mandatory ?? false));
    });
    expect(mandatory).toEqual([true]);
  });
});
