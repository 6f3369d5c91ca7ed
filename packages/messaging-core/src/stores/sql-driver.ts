import type { SqlExecutor } from './message-store.js';

/**
 * A transaction as the SQL store sees it: statements that run now, and statements staged to run at commit, just
 * before it. Staging is what lets a transaction that only publishes write its outbox rows in one autocommitted
 * statement, and a handler's outbox rows travel with its COMMIT on a pipelining connection.
 */
export interface TransactionSql extends SqlExecutor {
  /**
   * Stage a statement for commit: it runs after `work` resolved and before COMMIT; if it fails, the transaction
   * rolls back and `transaction` rejects with its error. On a connection the caller commits (`transactionOn`) it
   * runs at once.
   */
  beforeCommit(text: string, params?: readonly unknown[]): Promise<void>;
}

/**
 * What the SQL store needs from a PostgreSQL connection: transactions, autocommit queries and notifications.
 * Implemented for `pg` and for PGlite; the SQL above it is written once.
 */
export interface SqlDriver extends SqlExecutor {
  readonly kind: 'postgres' | 'pglite';
  transaction<T>(work: (sql: TransactionSql) => Promise<T>): Promise<T>;
  listen(channel: string, listener: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A statement and its parameters, staged with `beforeCommit`. */
export interface StagedStatement {
  readonly text: string;
  readonly params?: readonly unknown[] | undefined;
}
