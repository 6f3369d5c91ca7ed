import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl, uniqueSchema } from '../reliability/store-factories.js';
import { recordingLogger } from '../support/recording-logger.js';

describe.runIf(databaseUrl)('an idle pooled connection that is lost is logged and replaced', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  // pg's pool emits 'error' for an idle client whose connection dies; with no listener that crashes the process.
  const unheard: unknown[] = [];
  const hear = (reason: unknown) => unheard.push(reason);
  process.on('uncaughtException', hear);

  afterAll(async () => {
    process.off('uncaughtException', hear);
    await admin.end();
  });

  it('warns once, and the next transaction runs on a new connection', async () => {
    const logger = recordingLogger();
    const store = await createPostgresStore({
      connectionString: databaseUrl,
      maxConnections: 1,
      logger,
      schema: uniqueSchema(),
    });
    const pidOf = () =>
      store.transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        return rows[0]!.pid;
      });
    const idle = await pidOf();

    await admin.query('SELECT pg_terminate_backend($1)', [idle]);
    await vi.waitFor(() =>
      expect(logger.entries).toContainEqual({
        level: 'warn',
        fields: { err: expect.any(Error) },
        message: 'PostgreSQL pool connection failed; it will reconnect',
      }),
    );

    expect(await pidOf()).not.toBe(idle);
    expect(logger.entries.filter((entry) => entry.level === 'warn')).toHaveLength(1);
    expect(unheard).toEqual([]);
    await store.close();
  });
});
