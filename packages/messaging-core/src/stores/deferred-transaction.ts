import type { QueryResult } from './message-store.js';
import type { SqlDriver, TransactionSql } from './sql-driver.js';

/** A driver transaction that was asked for: how it ends, and how to end the work it waits on. */
interface Running {
  /** What the driver's transaction resolves with: the commit, or the rollback's rejection. */
  readonly finished: Promise<void>;
  /** Ends the work the driver is waiting for: resolve commits, reject rolls back. */
  readonly commit: () => void;
  readonly rollBack: (error: unknown) => void;
}

/**
 * A driver transaction begun on its first statement. Until then it holds no connection, so a transaction whose
 * work only collects outbox rows never takes one (the store hands those rows to its coalescer instead), and a
 * transaction that ran nothing costs nothing.
 */
export class DeferredTransaction {
  /** The driver's transaction, once a statement asked for it. */
  private opened: Promise<TransactionSql> | undefined;
  private running: Running | undefined;

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
      let commit = (): void => {};
      let rollBack = (_error: unknown): void => {};
      const work = new Promise<void>((workDone, workFailed) => {
        commit = workDone;
        rollBack = workFailed;
      });
      // Rolling back rejects `work`; when the connection could not be had, nothing else ever awaits it.
      work.catch(() => {});
      const finished = this.driver.transaction(async (sql) => {
        resolve(sql);
        await work;
      });
      // A connection that could not be had fails the statement that asked for it.
      finished.catch(reject);
      this.running = { finished, commit, rollBack };
    });
    return this.opened;
  }

  /** Commits what was begun; statements staged on `sql()` go out with the COMMIT. */
  async commit(): Promise<void> {
    if (!this.running) return;
    this.running.commit();
    await this.running.finished;
  }

  /** Rolls back what was begun. */
  async rollback(error: unknown): Promise<void> {
    if (!this.running) return;
    this.running.rollBack(error);
    await this.running.finished.catch(() => {});
  }
}
