import type { TransportMessage } from '../contracts/transport-message.js';
import { DeferredTransaction } from './deferred-transaction.js';
import type {
  CleanupPolicy,
  MessageStore,
  OutboxBacklog,
  OutboxEntry,
  OutboxPublisher,
  SqlExecutor,
  StoreTransaction,
  TransactionOptions,
} from './message-store.js';
import { entryOf, OUTBOX_COLUMNS, type OutboxRow, outboxInsert } from './outbox-row-sql.js';
import { OutboxWriteCoalescer } from './outbox-write-coalescer.js';
import type { SqlDriver, TransactionSql } from './sql-driver.js';
import { outboxChannel, quoteIdentifier, schemaStatements } from './store-schema.js';

/** A connection of the caller's (a `pg` client, a PGlite transaction). */
export interface ForeignConnection {
  query(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: unknown[]; rowCount?: number | null; affectedRows?: number }>;
}

/** Groups of publish-only transactions written at once, and rows in one group (9 parameters each). */
const COALESCING = { writers: 2, rows: 1_000 };

/**
 * The store on PostgreSQL, written once for both drivers (`pg` and PGlite).
 */
export class SqlMessageStore implements MessageStore {
  readonly kind: 'postgres' | 'pglite';
  private readonly table: { outbox: string; inbox: string; versions: string };
  private readonly channel: string;
  private readonly coalescer: OutboxWriteCoalescer;

  constructor(
    private readonly driver: SqlDriver,
    private readonly schema: string,
  ) {
    const s = quoteIdentifier(schema);
    this.kind = driver.kind;
    this.table = { outbox: `${s}.outbox`, inbox: `${s}.inbox`, versions: `${s}.entity_versions` };
    this.channel = outboxChannel(schema);
    this.coalescer = new OutboxWriteCoalescer(
      (messages, announce) => driver.transaction((sql) => this.stageOutbox(sql, messages, announce)),
      COALESCING,
    );
  }

  async migrate(): Promise<void> {
    await this.driver.transaction(async (sql) => {
      // Concurrent CREATE … IF NOT EXISTS can still collide in the catalog; one migrator at a time.
      await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pragmatic-messaging:${this.schema}`]);
      for (const statement of schemaStatements(this.schema)) await sql.query(statement);
    });
  }

  async transaction<T>(
    work: (transaction: StoreTransaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const announce = options.announceOutbox ?? true;
    const deferred = new DeferredTransaction(this.driver);
    const outboxed: TransportMessage[] = [];
    let value: T;
    try {
      value = await work(
        this.transactionOver(deferred, async (messages) => {
          outboxed.push(...messages);
        }),
      );
    } catch (error) {
      await deferred.rollback(error);
      throw error;
    }
    if (!deferred.begun) {
      // Nothing but outbox rows: they join those of other such transactions in one INSERT and one commit.
      if (outboxed.length > 0) await this.coalescer.add(outboxed, announce);
      return value;
    }
    try {
      // Written with the commit (sql-driver.ts): on a pipelining connection they travel with the COMMIT.
      if (outboxed.length > 0) await this.stageOutbox(await deferred.sql(), outboxed, announce);
    } catch (error) {
      await deferred.rollback(error);
      throw error;
    }
    await deferred.commit();
    return value;
  }

  /**
   * A StoreTransaction over a connection that is already inside a transaction the caller controls (a `pg` client
   * after BEGIN, a PGlite transaction). The caller commits; LISTEN/NOTIFY wakes the relay afterwards.
   */
  transactionOn(client: ForeignConnection): StoreTransaction {
    const query = async <Row>(text: string, params?: readonly unknown[]) => {
      const result = await client.query(text, params ? [...params] : undefined);
      return {
        rows: result.rows as Row[],
        rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
      };
    };
    // The caller commits, out of the store's sight: the rows are written at once, and only a notification can
    // wake the relay promptly, since the bus cannot tell when the caller commits.
    const sql: TransactionSql = {
      query,
      beforeCommit: async (text, params) => {
        await query(text, params);
      },
    };
    return this.transactionOver(sql, (messages) => this.stageOutbox(sql, messages, true));
  }

  /** Stages the INSERT of `messages` (and their announcement) to run with the commit of `sql`. */
  private async stageOutbox(
    sql: TransactionSql,
    messages: readonly TransportMessage[],
    announce: boolean,
  ): Promise<void> {
    const insert = outboxInsert(this.table.outbox, messages);
    await sql.beforeCommit(insert.text, insert.values);
    // Delivered to listeners only if and when this transaction commits.
    if (announce) await sql.beforeCommit('SELECT pg_notify($1, $2)', [this.channel, '']);
  }

  private transactionOver(
    sql: SqlExecutor,
    toOutbox: (messages: readonly TransportMessage[]) => Promise<void>,
  ): StoreTransaction {
    const { table } = this;
    return {
      query: (text, params) => sql.query(text, params),
      addToOutbox: async (messages) => {
        if (messages.length > 0) await toOutbox(messages);
      },
      recordProcessed: async (endpoint, messageId) => {
        // The primary key makes a concurrent second insert wait for the first transaction, then do nothing.
        const result = await sql.query(
          `INSERT INTO ${table.inbox} (endpoint, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [endpoint, messageId],
        );
        return result.rowCount === 1;
      },
      lastVersion: async (endpoint, entityKey) => {
        // Locking the row makes a concurrent handler of the same entity wait, then read the committed version.
        const result = await sql.query<{ version: string | number }>(
          `SELECT version FROM ${table.versions} WHERE endpoint = $1 AND entity_key = $2 FOR UPDATE`,
          [endpoint, entityKey],
        );
        return result.rows[0] ? Number(result.rows[0].version) : undefined;
      },
      saveVersion: async (endpoint, entityKey, version) => {
        await sql.query(
          `INSERT INTO ${table.versions} (endpoint, entity_key, version) VALUES ($1, $2, $3)
           ON CONFLICT (endpoint, entity_key) DO UPDATE
           SET version = GREATEST(${table.versions}.version, EXCLUDED.version), updated_at = now()`,
          [endpoint, entityKey, version],
        );
      },
    };
  }

  async relayOutbox(limit: number, publish: OutboxPublisher): Promise<number> {
    const { outbox } = this.table;
    let claimed: OutboxEntry[] = [];
    try {
      return await this.driver.transaction(async (sql) => {
        // Lock the oldest unsent row of some keys; rows locked by another relay are skipped, so a key is only
        // ever worked on by the relay holding its oldest row. The walk follows the unsent rows in sequence order
        // and stops after `limit` heads: a round costs the same whatever the backlog or the sent rows kept.
        const heads = await sql.query<{ ordering_key: string }>(
          `SELECT o.ordering_key FROM ${outbox} o
           WHERE o.sent_at IS NULL
           AND NOT EXISTS (
             SELECT 1 FROM ${outbox} earlier
             WHERE earlier.ordering_key = o.ordering_key AND earlier.sent_at IS NULL AND earlier.sequence < o.sequence)
           ORDER BY o.sequence LIMIT $1
           FOR UPDATE SKIP LOCKED`,
          [limit],
        );
        if (heads.rows.length === 0) return 0;
        const rows = await sql.query<OutboxRow>(
          `SELECT ${OUTBOX_COLUMNS} FROM ${outbox}
           WHERE sent_at IS NULL AND ordering_key = ANY($1::text[])
           ORDER BY sequence LIMIT $2 FOR UPDATE`,
          [heads.rows.map((row) => row.ordering_key), limit],
        );
        claimed = rows.rows.map(entryOf);
        const report = (await publish(claimed)) ?? {
          published: claimed.map((entry) => entry.sequence),
          failed: [],
        };
        // Both go out with the COMMIT: the round's last round trip.
        await sql.beforeCommit(
          `UPDATE ${outbox} SET sent_at = now(), publish_attempts = publish_attempts + 1 WHERE sequence = ANY($1::bigint[])`,
          [report.published],
        );
        if (report.failed.length > 0) {
          await sql.beforeCommit(
            `UPDATE ${outbox} o SET publish_attempts = o.publish_attempts + 1, last_error = f.error
             FROM unnest($1::bigint[], $2::text[]) AS f(sequence, error) WHERE o.sequence = f.sequence`,
            [report.failed.map((row) => row.sequence), report.failed.map((row) => row.error)],
          );
        }
        return report.published.length;
      });
    } catch (error) {
      await this.recordPublishFailure(claimed, error);
      throw error;
    }
  }

  private async recordPublishFailure(entries: readonly OutboxEntry[], error: unknown): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.driver.query(
        `UPDATE ${this.table.outbox} SET publish_attempts = publish_attempts + 1, last_error = $2 WHERE sequence = ANY($1::bigint[]) AND sent_at IS NULL`,
        [entries.map((entry) => entry.sequence), error instanceof Error ? error.message : String(error)],
      );
    } catch {
      // Only bookkeeping: the database may be the very thing that failed.
    }
  }

  async outboxBacklog(): Promise<OutboxBacklog> {
    const { outbox } = this.table;
    const result = await this.driver.query<{
      unsent: string | number;
      age_ms: string | number | null;
      message_id: string | null;
      type: string | null;
      topic: string | null;
      publish_attempts: number | null;
      last_error: string | null;
    }>(
      `SELECT c.unsent, EXTRACT(EPOCH FROM (now() - o.stored_at)) * 1000 AS age_ms,
              o.message_id, o.type, o.topic, o.publish_attempts, o.last_error
       FROM (SELECT count(*) AS unsent FROM ${outbox} WHERE sent_at IS NULL) c
       LEFT JOIN LATERAL (
         SELECT * FROM ${outbox} WHERE sent_at IS NULL ORDER BY sequence LIMIT 1) o ON true`,
    );
    const row = result.rows[0];
    return {
      unsent: Number(row?.unsent ?? 0),
      oldestUnsentAgeMs: Math.max(0, Math.round(Number(row?.age_ms ?? 0))),
      oldest:
        row?.message_id == null
          ? undefined
          : {
              messageId: row.message_id,
              type: row.type ?? '',
              topic: row.topic ?? '',
              attempts: Number(row.publish_attempts ?? 0),
              lastError: row.last_error ?? undefined,
            },
    };
  }

  async cleanup(policy: CleanupPolicy): Promise<{ outbox: number; inbox: number }> {
    const outbox = await this.driver.query(
      `DELETE FROM ${this.table.outbox} WHERE sent_at IS NOT NULL AND sent_at < now() - make_interval(secs => $1)`,
      [policy.sentRetentionMs / 1000],
    );
    const inbox = await this.driver.query(
      `DELETE FROM ${this.table.inbox} WHERE processed_at < now() - make_interval(secs => $1)`,
      [policy.inboxRetentionMs / 1000],
    );
    return { outbox: outbox.rowCount, inbox: inbox.rowCount };
  }

  onOutboxCommitted(listener: () => void): Promise<() => Promise<void>> {
    return this.driver.listen(this.channel, listener);
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
