import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStore, StoreUnavailableError } from '../../src/index.js';
import { databaseUrl, uniqueSchema } from '../reliability/store-factories.js';
import { recordingLogger } from '../support/recording-logger.js';
import { wrappedPool } from './wrapped-pool.js';

describe.runIf(databaseUrl)('a connection lost mid-transaction fails it and is not used again', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  // One connection: the next transaction could only get the dead one back if it had been returned to the pool.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  // How the store hands each connection back: destroyed (true) or for reuse.
  const releases: unknown[] = [];
  const watched = wrappedPool(pool, (client) => {
    const release = client.release.bind(client);
    return Object.assign(client, {
      release: (destroy?: boolean | Error) => {
        releases.push(destroy);
        release(destroy);
      },
    });
  });
  const unheard: unknown[] = [];
  const hear = (reason: unknown) => unheard.push(reason);
  process.on('uncaughtException', hear);

  afterAll(async () => {
    process.off('uncaughtException', hear);
    await pool.end();
    await admin.end();
  });

  it('the transaction rejects with StoreUnavailableError, the loss is logged, the next one gets a new connection', async () => {
    const logger = recordingLogger();
    const store = await createPostgresStore({
      pool: watched,
      logger,
      schema: uniqueSchema(),
    });
    const lostWarning = {
      level: 'warn',
      fields: { err: expect.any(Error) },
      message: 'PostgreSQL connection lost during a transaction',
    };
    let lost = 0;
    const failed = store.transaction(async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      lost = rows[0]!.pid;
      await admin.query('SELECT pg_terminate_backend($1)', [lost]);
      // The server says so on the connection; the statement after it must find the connection gone.
      await vi.waitFor(() => expect(logger.entries).toContainEqual(lostWarning));
      await tx.query('SELECT 1');
    });
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failed).rejects.toThrow(/^PostgreSQL is unavailable: /);

    const next = await store.transaction((tx) => tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'));
    expect(next.rows[0]!.pid).not.toBe(lost);
    expect(releases).toEqual([true, false]);
    expect(logger.entries.filter((entry) => entry.message === lostWarning.message)).toHaveLength(1);
    expect(unheard).toEqual([]);
    await store.close();
    // The store was given this pool, so it leaves it open.
    await expect(pool.query('SELECT 1')).resolves.toMatchObject({ rowCount: 1 });
  });
});
