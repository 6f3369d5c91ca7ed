import type { TransportMessage } from '../contracts/transport-message.js';
import type {
  CleanupPolicy,
  MessageStore,
  OutboxBacklog,
  OutboxEntry,
  OutboxPublisher,
  StoreTransaction,
  TransactionOptions,
} from './message-store.js';
import { orderingKeyOf } from './outbox-row.js';
import type { SqlDriver, TransactionSql } from './sql-driver.js';
import { outboxChannel, quoteIdentifier, schemaStatements } from './store-schema.js';

interface OutboxRow {
  sequence: string | number;
  message_id: string;
  type: string;
  topic: string;
  message_key: string | null;
  headers: Record<string, string> | string;
  body: Uint8Array;
  mandatory: boolean;
  message_timestamp: string | number;
}

/** A connection of the caller's (a `pg` client, a PGlite transaction). */
export interface ForeignConnection {
  query(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: unknown[]; rowCount?: number | null; affectedRows?: number }>;
}

const OUTBOX_COLUMNS =
  'sequence, message_id, type, topic, message_key, headers, body, mandatory, message_timestamp';

/**
 * The store on PostgreSQL, written once for both drivers (`pg` and PGlite).
 */
export class SqlMessageStore implements MessageStore {
  readonly kind: 'postgres' | 'pglite';
  private readonly table: { outbox: string; inbox: string; versions: string };
  private readonly channel: string;

  constructor(
    private readonly driver: SqlDriver,
    private readonly schema: string,
  ) {
    const s = quoteIdentifier(schema);
    this.kind = driver.kind;
    this.table = { outbox: `${s}.outbox`, inbox: `${s}.inbox`, versions: `${s}.entity_versions` };
    this.channel = outboxChannel(schema);
  }

  async migrate(): Promise<void> {
    await this.driver.transaction(async (sql) => {
      // Concurrent CREATE … IF NOT EXISTS can still collide in the catalog; one migrator at a time.
      await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pragmatic-messaging:${this.schema}`]);
      for (const statement of schemaStatements(this.schema)) await sql.query(statement);
    });
  }

  transaction<T>(
    work: (transaction: StoreTransaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const announce = options.announceOutbox ?? true;
    return this.driver.transaction((sql) => work(this.transactionOver(sql, announce)));
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
    // The caller commits, out of the store's sight: what the store would stage for its commit runs at once.
    const sql: TransactionSql = {
      query,
      beforeCommit: async (text, params) => {
        await query(text, params);
      },
    };
    // The bus cannot tell when the caller commits, so only a notification can wake the relay promptly.
    return this.transactionOver(sql, true);
  }

  private transactionOver(sql: TransactionSql, announceOutbox: boolean): StoreTransaction {
    const { table } = this;
    return {
      query: (text, params) => sql.query(text, params),
      addToOutbox: async (messages) => {
        if (messages.length === 0) return;
        const values: unknown[] = [];
        const rows = messages.map((message) => {
          values.push(...outboxValues(message));
          const base = values.length - 9;
          return `(${Array.from({ length: 9 }, (_, index) => `$${base + index + 1}`).join(', ')})`;
        });
        // Written with the commit (sql-driver.ts): a transaction that only publishes is then one statement.
        await sql.beforeCommit(
          `INSERT INTO ${table.outbox} (message_id, type, topic, message_key, ordering_key, headers, body, mandatory, message_timestamp) VALUES ${rows.join(', ')}`,
          values,
        );
        // Delivered to listeners only if and when this transaction commits.
        if (announceOutbox) await sql.beforeCommit('SELECT pg_notify($1, $2)', [this.channel, '']);
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

function outboxValues(message: TransportMessage): unknown[] {
  return [
    message.id,
    message.type,
    message.topic,
    message.key ?? null,
    orderingKeyOf(message),
    JSON.stringify(message.headers),
    message.body,
    message.mandatory ?? true,
    message.timestamp,
  ];
}

function entryOf(row: OutboxRow): OutboxEntry {
  return {
    sequence: Number(row.sequence),
    message: {
      id: row.message_id,
      type: row.type,
      topic: row.topic,
      key: row.message_key ?? undefined,
      headers: typeof row.headers === 'string' ? JSON.parse(row.headers) : row.headers,
      body: new Uint8Array(row.body),
      timestamp: Number(row.message_timestamp),
      mandatory: row.mandatory,
    },
  };
}
