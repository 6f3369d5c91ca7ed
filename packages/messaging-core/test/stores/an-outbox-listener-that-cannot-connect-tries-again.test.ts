import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl, uniqueSchema } from '../reliability/store-factories.js';
import { recordingLogger } from '../support/recording-logger.js';
import { listeningBackends } from './listening-backends.js';

describe.runIf(databaseUrl)('an outbox listener that cannot connect tries again', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  // One connection, and a short wait for it: while the test holds it, the listener's connect times out.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 100 });
  const schema = uniqueSchema();

  afterAll(async () => {
    await pool.end();
    await admin.end();
  });

  const listeners = () => listeningBackends(admin, schema);

  it('logs that it could not connect, listens once a connection is free, and wakes the relay then', async () => {
    const logger = recordingLogger();
    const store = await createPostgresStore({ pool, logger, schema });
    await store.migrate();
    const held = await pool.connect();
    let wakes = 0;

    const stopListening = await store.onOutboxCommitted(() => wakes++);
    expect(logger.entries).toContainEqual({
      level: 'warn',
      fields: { err: expect.any(Error), channel: expect.stringContaining(schema) },
      message: 'Outbox listener could not connect; retrying',
    });
    expect(wakes).toBe(0);

    held.release();
    await vi.waitFor(() => expect(wakes).toBe(1), { timeout: 5_000 });
    expect(await listeners()).toHaveLength(1);

    await stopListening();
    await store.close();
  });
});
