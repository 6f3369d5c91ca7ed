import type { SqlExecutor } from './message-store.js';

/**
 * What the SQL store needs from a PostgreSQL connection: transactions, autocommit queries and notifications.
 * Implemented for `pg` and for PGlite; the SQL above it is written once.
 */
export interface SqlDriver extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  transaction<T>(work: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  listen(channel: string, listener: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
