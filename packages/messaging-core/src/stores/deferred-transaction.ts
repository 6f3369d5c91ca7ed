import type { QueryResult } from './message-store.js';
import type { SqlDriver, TransactionSql } from './sql-driver.js';

/**
 * A driver transaction begun on its first statement. Until then it holds no connection, so a transaction whose
 * work only collects outbox rows never takes one (the store hands those rows to its coalescer instead), and a
 * transaction that ran nothing costs nothing.
 */
export class DeferredTransaction {
  /** The driver's transaction, once a statement asked for it. */
  private opened: Promise<TransactionSql> | undefined;
  /** What the driver's transaction resolves with: the commit, or the rollback's rejection. */
  private finished: Promise<void> | undefined;
  /** Ends the work the driver is waiting for: resolve commits, reject rolls back. */
  private endWork: { resolve: () => void; reject: (error: unknown) => void } | undefined;

  constructor(private readonly driver: SqlDriver) {}

  /** Whether a statement began the transaction. */
  get begun(): boolean {
    return this.opened !== undefined;
  }

  query<Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    return this.sql().then((sql) => sql.query<Row>(text, params));
  }

  /** The driver's transaction, begun now if it was not yet. */
  sql(): Promise<TransactionSql> {
    this.opened ??= new Promise<TransactionSql>((resolve, reject) => {
      const work = new Promise<void>((workDone, workFailed) => {
        this.endWork = { resolve: workDone, reject: workFailed };
      });
      this.finished = this.driver.transaction(async (sql) => {
        resolve(sql);
        await work;
      });
      // A connection that could not be had fails the statement that asked for it.
      this.finished.catch(reject);
    });
    return this.opened;
  }

  /** Commits what was begun; statements staged on `sql()` go out with the COMMIT. */
  async commit(): Promise<void> {
    if (!this.finished) return;
    this.endWork?.resolve();
    await this.finished;
  }

  /** Rolls back what was begun. */
  async rollback(error: unknown): Promise<void> {
    if (!this.finished) return;
    this.endWork?.reject(error);
    await this.finished.catch(() => {});
  }
}
