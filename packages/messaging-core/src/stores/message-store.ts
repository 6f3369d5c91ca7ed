import type { TransportMessage } from '../contracts/transport-message.js';

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/** Runs SQL (PostgreSQL dialect, `$1` parameters) inside the current transaction. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

/**
 * One database transaction: the handler's own writes (through `query`), the inbox record and the outbox rows
 * commit together or not at all.
 */
export interface StoreTransaction extends SqlExecutor {
  /** Stage messages for publishing after commit. */
  addToOutbox(messages: readonly TransportMessage[]): Promise<void>;
  /**
   * Record that `endpoint` processed `messageId`. Returns false when it was already recorded — the message is a
   * duplicate. When another transaction is recording the same id right now, waits for it to finish first.
   */
  recordProcessed(endpoint: string, messageId: string): Promise<boolean>;
  /** The last version applied by `endpoint` for an entity, for the ordering guard. */
  lastVersion(endpoint: string, entityKey: string): Promise<number | undefined>;
  saveVersion(endpoint: string, entityKey: string, version: number): Promise<void>;
}

/** An outbox row claimed by a relay. */
export interface OutboxEntry {
  readonly sequence: number;
  readonly message: TransportMessage;
}

/** A claimed row the broker refused, and why (recorded as the row's `last_error`). */
export interface OutboxRowFailure {
  readonly sequence: number;
  readonly error: string;
}

/** What a publisher did with the rows it was handed; rows in neither list were not tried and stay as they were. */
export interface OutboxPublishReport {
  /** Marked sent (and their attempt counted). */
  readonly published: readonly number[];
  /** Left unsent, with their attempt counted and the error recorded. */
  readonly failed: readonly OutboxRowFailure[];
}

/** Publishes claimed outbox rows; resolves to what it did with them, or to nothing for "published all of them". */
export type OutboxPublisher = (
  entries: readonly OutboxEntry[],
  // biome-ignore lint/suspicious/noConfusingVoidType: a publisher that publishes everything may simply return nothing.
) => Promise<OutboxPublishReport | undefined | void>;

export interface TransactionOptions {
  /**
   * Announce committed outbox rows to `onOutboxCommitted` listeners (PostgreSQL: NOTIFY). Default true. The bus
   * passes false for the transactions it runs: it wakes its own relay after the commit, and on PostgreSQL a
   * NOTIFY takes a database-wide lock through the commit, so notifying transactions commit one at a time.
   */
  readonly announceOutbox?: boolean;
}

export interface OutboxBacklog {
  readonly unsent: number;
  /** Age of the oldest unsent row, ms; 0 when none. */
  readonly oldestUnsentAgeMs: number;
  /** The oldest unsent row: what holds the backlog up, how often it was tried and why it failed last. */
  readonly oldest?: OutboxRowStatus | undefined;
}

export interface OutboxRowStatus {
  readonly messageId: string;
  readonly type: string;
  readonly topic: string;
  /** Publish attempts so far (rounds that tried it). */
  readonly attempts: number;
  readonly lastError?: string | undefined;
}

export interface CleanupPolicy {
  /** Delete sent outbox rows older than this, ms. */
  readonly sentRetentionMs: number;
  /** Delete inbox records older than this, ms. */
  readonly inboxRetentionMs: number;
}

/**
 * Persistence for the reliability features: outbox, inbox and entity versions. Three implementations share this
 * interface: memory, PostgreSQL (`pg`) and PGlite (embedded PostgreSQL), the last two running the same SQL.
 */
export interface MessageStore {
  readonly kind: 'memory' | 'postgres' | 'pglite';
  /** Create the schema and tables if missing. Idempotent; safe to run from several processes at once. */
  migrate(): Promise<void>;
  /** Run `work` in one transaction; commit when it resolves, roll back when it throws. */
  transaction<T>(
    work: (transaction: StoreTransaction) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /**
   * Claim unsent outbox rows in per-key order, hand them to `publish`, and mark sent the rows it reports as
   * published (all of them when it resolves to nothing); the rows it reports as failed keep their place with the
   * attempt counted and the error recorded. When `publish` throws, nothing is marked sent and every claimed row
   * gets the attempt and the error. Only the oldest unsent row of each key can be claimed (with the rows after it),
   * so several relays running at once never publish one key's rows out of order. Resolves to the number of rows
   * marked sent.
   */
  relayOutbox(limit: number, publish: OutboxPublisher): Promise<number>;
  outboxBacklog(): Promise<OutboxBacklog>;
  cleanup(policy: CleanupPolicy): Promise<{ outbox: number; inbox: number }>;
  /** Call `listener` whenever another transaction committed outbox rows (LISTEN/NOTIFY where available). */
  onOutboxCommitted(listener: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
