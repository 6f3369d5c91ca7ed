import type { QueryResult } from './message-store.js';
import type { StagedStatement, TransactionSql } from './sql-driver.js';

/** Runs one statement on the transaction's connection. */
export type PgStatementRunner = <Row>(text: string, params?: readonly unknown[]) => Promise<QueryResult<Row>>;

/**
 * Runs `send`, which hands statements to a pipelining connection without waiting, so that they leave in one
 * socket write: BEGIN with the first statement, the staged statements with COMMIT.
 */
export type SendTogether = <T>(send: () => T) => T;

const asIs: SendTogether = (send) => send();

/**
 * One transaction on a checked-out `pg` client, in as few round trips as the client allows. On a client created
 * with `pipeline: true` (the store's own pool is) statements are handed over without waiting for the one before,
 * so they go out together and the server answers them in order; on any other client each waits for the last, as
 * `pg` asks of callers.
 *
 * - BEGIN goes out with the first statement, not on its own. PostgreSQL takes a transaction's snapshot at its
 *   first statement either way, so a later BEGIN changes nothing the transaction sees.
 * - Statements staged with `beforeCommit` (outbox rows, their notification) go out with the COMMIT.
 * - A transaction whose only statement is one staged statement (a `messaging.transaction()` that only publishes)
 *   sends it alone, without BEGIN and COMMIT: one statement is atomic on its own.
 * - A transaction that ran nothing sends nothing.
 * - What goes out together leaves in one socket write (`together`): the server reads it at once and answers it
 *   at once, so a transaction wakes its backend twice, not once per statement.
 */
export class PgTransaction implements TransactionSql {
  private begun: Promise<unknown> | undefined;
  private readonly staged: StagedStatement[] = [];

  constructor(
    private readonly run: PgStatementRunner,
    private readonly pipelined: boolean,
    private readonly together: SendTogether = asIs,
  ) {}

  /** Whether BEGIN was sent: only then is there a transaction to roll back. */
  get open(): boolean {
    return this.begun !== undefined;
  }

  async query<Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    if (!this.pipelined) {
      await this.begin();
      return this.run<Row>(text, params);
    }
    const [begun, result] = this.together(() => [this.begin(), this.run<Row>(text, params)] as const);
    // Both are awaited: a failed BEGIN fails the statement behind it too, and neither rejection goes unheard.
    return Promise.all([begun, result]).then(() => result);
  }

  beforeCommit(text: string, params?: readonly unknown[]): Promise<void> {
    this.staged.push({ text, params });
    return Promise.resolve();
  }

  /** Sends the staged statements and COMMIT together; rejects with the first statement that failed. */
  async commit(): Promise<void> {
    const staged = this.staged.splice(0);
    if (!this.open && staged.length <= 1) {
      if (staged[0]) await this.run(staged[0].text, staged[0].params);
      return;
    }
    if (!this.pipelined) {
      await this.begin();
      for (const statement of staged) await this.run(statement.text, statement.params);
      await this.run('COMMIT');
      return;
    }
    // After a failed statement the server answers COMMIT with a rollback, so nothing staged is half-written.
    await Promise.all(
      this.together(() => [
        this.begin(),
        ...staged.map((statement) => this.run(statement.text, statement.params)),
        this.run('COMMIT'),
      ]),
    );
  }

  private begin(): Promise<unknown> {
    this.begun ??= this.run('BEGIN');
    return this.begun;
  }
}
