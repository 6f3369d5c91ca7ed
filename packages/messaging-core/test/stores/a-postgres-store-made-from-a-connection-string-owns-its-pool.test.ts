import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStore } from '../../src/index.js';
import { databaseUrl } from '../reliability/store-factories.js';

describe.runIf(databaseUrl)('a PostgreSQL store made from a connection string owns its pool', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  afterAll(() => admin.end());

  /** The store's connections, told apart from every other by the application name in its connection string. */
  const connectionsOf = async (application: string): Promise<number> => {
    const { rows } = await admin.query<{ count: string }>(
      'SELECT count(*) FROM pg_stat_activity WHERE application_name = $1',
      [application],
    );
    return Number(rows[0]!.count);
  };

  it('opens at most maxConnections, says it is on postgres, and closes its connections on close()', async () => {
    const application = `pm_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const url = new URL(databaseUrl!);
    url.searchParams.set('application_name', application);
    const store = await createPostgresStore({ connectionString: url.href, maxConnections: 2 });
    expect(store.kind).toBe('postgres');

    // Five transactions at once, each holding its connection a while: two run, the others wait for one.
    const seen = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.transaction(async (tx) => {
          await tx.query('SELECT pg_sleep(0.05)');
          const { rows } = await tx.query<{ count: string }>(
            'SELECT count(*) FROM pg_stat_activity WHERE application_name = $1',
            [application],
          );
          return Number(rows[0]!.count);
        }),
      ),
    );
    expect(Math.max(...seen)).toBe(2);
    expect(await connectionsOf(application)).toBe(2);

    await store.close();
    await vi.waitFor(async () => expect(await connectionsOf(application)).toBe(0));
  });
});
