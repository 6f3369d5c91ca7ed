import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl, uniqueSchema } from '../reliability/store-factories.js';
import { recordingLogger } from '../support/recording-logger.js';
import { listeningBackends } from './listening-backends.js';

/** How long the listener waits before it connects again (postgres-store.ts), with room for a slow machine. */
const PAST_THE_RECONNECT = 1_500;

describe.runIf(databaseUrl)('an outbox listener stopped while reconnecting stays stopped', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const schema = uniqueSchema();

  afterAll(() => admin.end());

  const listeners = () => listeningBackends(admin, schema);

  it('stop resolves without touching the lost connection, and no reconnect happens after it', async () => {
    const logger = recordingLogger();
    const store = await createPostgresStore({ connectionString: databaseUrl, logger, schema });
    await store.migrate();
    let wakes = 0;
    const stopListening = await store.onOutboxCommitted(() => wakes++);
    const [listening] = await listeners();
    await admin.query('SELECT pg_terminate_backend($1)', [listening]);
    await vi.waitFor(() =>
      expect(logger.entries.map((entry) => entry.message)).toContain(
        'Outbox listener lost its connection; reconnecting',
      ),
    );

    await expect(stopListening()).resolves.toBeUndefined();
    // Nothing to await here: what is checked is that nothing happens once the reconnect would have been due.
    await delay(PAST_THE_RECONNECT);
    expect(await listeners()).toEqual([]);
    expect(wakes).toBe(1);
    await store.close();
  });
});
