import type { PgPoolLike } from '../../src/index.js';

/**
 * The backends whose last statement was a LISTEN on a channel of this schema (pg_stat_activity shows a
 * connection's last statement): the store's outbox listeners, seen from another connection.
 */
export async function listeningBackends(admin: Pick<PgPoolLike, 'query'>, schema: string): Promise<number[]> {
  const { rows } = await admin.query(
    `SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND query LIKE $1`,
    [`%${schema}%`],
  );
  return (rows as { pid: number }[]).map((row) => row.pid);
}
