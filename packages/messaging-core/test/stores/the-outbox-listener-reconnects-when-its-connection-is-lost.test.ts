import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl, uniqueSchema } from '../reliability/store-factories.js';
import { recordingLogger } from '../support/recording-logger.js';
import { listeningBackends } from './listening-backends.js';

describe.runIf(databaseUrl)('the outbox listener reconnects when its connection is lost', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const schema = uniqueSchema();

  afterAll(() => admin.end());

  const listeners = () => listeningBackends(admin, schema);

  it('logs the loss, listens again on a new connection, wakes the relay for what it missed; stopping unlistens', async () => {
    const logger = recordingLogger();
    // One connection: after the stop, the store's next transaction gets the very connection that listened.
    const store = await createPostgresStore({
      connectionString: databaseUrl,
      maxConnections: 1,
      logger,
      schema,
    });
    await store.migrate();
    let wakes = 0;
    const stopListening = await store.onOutboxCommitted(() => wakes++);
    // Once on connecting: rows committed while nobody listened.
    expect(wakes).toBe(1);
    const [first] = await listeners();
    expect(first).toBeDefined();

    await admin.query('SELECT pg_terminate_backend($1)', [first]);
    await vi.waitFor(() =>
      expect(logger.entries).toContainEqual({
        level: 'warn',
        fields: { err: expect.any(Error), channel: expect.stringContaining(schema) },
        message: 'Outbox listener lost its connection; reconnecting',
      }),
    );
    // A second later it listens again and, having been deaf meanwhile, wakes the relay once.
    await vi.waitFor(() => expect(wakes).toBe(2), { timeout: 5_000 });
    const [second] = await listeners();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);

    // Still heard: an announcement on the channel wakes it.
    await admin.query('SELECT pg_notify($1, $2)', [await channelOf(second!), '']);
    await vi.waitFor(() => expect(wakes).toBe(3));

    await stopListening();
    // Handed back to the pool for reuse, no longer listening.
    const after = await store.transaction(async (tx) => {
      const { rows } = await tx.query<{ pid: number; channels: string[] }>(
        'SELECT pg_backend_pid() AS pid, ARRAY(SELECT pg_listening_channels()) AS channels',
      );
      return rows[0]!;
    });
    expect(after).toEqual({ pid: second, channels: [] });
    expect(logger.entries.filter((entry) => entry.level === 'warn')).toHaveLength(1);
    await store.close();
  });

  /** The channel a backend listens on, read from its LISTEN statement. */
  const channelOf = async (pid: number): Promise<string> => {
    const { rows } = await admin.query<{ query: string }>(
      'SELECT query FROM pg_stat_activity WHERE pid = $1',
      [pid],
    );
    return rows[0]!.query.replace(/^LISTEN "(.*)"$/, '$1');
  };
});
