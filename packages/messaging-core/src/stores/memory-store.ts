import type { TransportMessage } from '../contracts/transport-message.js';
import { ConfigurationError } from '../errors.js';
import type {
  CleanupPolicy,
  MessageStore,
  OutboxBacklog,
  OutboxPublisher,
  OutboxPublishReport,
  QueryResult,
  StoreTransaction,
  TransactionOptions,
} from './message-store.js';
import { orderingKeyOf } from './outbox-row.js';

interface MemoryOutboxRow {
  readonly sequence: number;
  readonly orderingKey: string;
  readonly message: TransportMessage;
  readonly storedAt: number;
  sentAt?: number;
  attempts: number;
  lastError?: string;
}

/** Pending inbox claims: a second claim of the same id waits for the first transaction to end. */
type InboxClaim = Promise<void>;

/**
 * A store kept in this process's memory: the same transactional semantics as the SQL stores (all-or-nothing
 * commit, inbox claims that wait for each other, per-key relay order), without durability. For tests and demos.
 */
export class MemoryMessageStore implements MessageStore {
  readonly kind = 'memory';
  private readonly outbox: MemoryOutboxRow[] = [];
  private readonly processed = new Map<string, number>();
  private readonly inboxClaims = new Map<string, InboxClaim>();
  private readonly versions = new Map<string, number>();
  private readonly claimedKeys = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private sequence = 0;

  async migrate(): Promise<void> {}

  async transaction<T>(
    work: (transaction: StoreTransaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const staged: TransportMessage[] = [];
    const claimed: { key: string; release: () => void }[] = [];
    const versions = new Map<string, number>();
    const transaction: StoreTransaction = {
      query: async <Row>(): Promise<QueryResult<Row>> => {
        throw new ConfigurationError(
          'The memory store runs no SQL; use the PostgreSQL or PGlite store for that',
        );
      },
      addToOutbox: async (messages) => {
        staged.push(...messages);
      },
      recordProcessed: async (endpoint, messageId) => {
        const key = `${endpoint}\u0000${messageId}`;
        for (let pending = this.inboxClaims.get(key); pending; pending = this.inboxClaims.get(key))
          await pending;
        if (this.processed.has(key)) return false;
        let release!: () => void;
        this.inboxClaims.set(
          key,
          new Promise<void>((resolve) => {
            release = resolve;
          }),
        );
        claimed.push({ key, release });
        return true;
      },
      lastVersion: async (endpoint, entityKey) => {
        const key = `${endpoint}\u0000${entityKey}`;
        return versions.get(key) ?? this.versions.get(key);
      },
      saveVersion: async (endpoint, entityKey, version) => {
        const key = `${endpoint}\u0000${entityKey}`;
        versions.set(key, Math.max(version, versions.get(key) ?? this.versions.get(key) ?? 0));
      },
    };
    try {
      const result = await work(transaction);
      const now = Date.now();
      for (const { key } of claimed) this.processed.set(key, now);
      for (const [key, version] of versions) this.versions.set(key, version);
      for (const message of staged) {
        this.outbox.push({
          sequence: ++this.sequence,
          orderingKey: orderingKeyOf(message),
          message,
          storedAt: now,
          attempts: 0,
        });
      }
      if (staged.length > 0 && (options.announceOutbox ?? true))
        for (const listener of this.listeners) listener();
      return result;
    } finally {
      for (const { key, release } of claimed) {
        this.inboxClaims.delete(key);
        release();
      }
    }
  }

  async relayOutbox(limit: number, publish: OutboxPublisher): Promise<number> {
    const unsent = this.outbox.filter((row) => row.sentAt === undefined);
    const heads = new Set<string>();
    const batch: MemoryOutboxRow[] = [];
    for (const row of unsent) {
      if (batch.length >= limit) break;
      // Take a key only from its oldest unsent row, and only if no other relay holds it.
      if (!heads.has(row.orderingKey) && this.claimedKeys.has(row.orderingKey)) continue;
      heads.add(row.orderingKey);
      this.claimedKeys.add(row.orderingKey);
      batch.push(row);
    }
    try {
      if (batch.length === 0) return 0;
      let report: OutboxPublishReport;
      try {
        report = (await publish(batch.map(({ sequence, message }) => ({ sequence, message })))) ?? {
          published: batch.map((row) => row.sequence),
          failed: [],
        };
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        for (const row of batch) recordAttempt(row, text);
        throw error;
      }
      const published = new Set(report.published);
      const failed = new Map(report.failed.map((row) => [row.sequence, row.error]));
      const now = Date.now();
      for (const row of batch) {
        if (published.has(row.sequence)) {
          row.sentAt = now;
          row.attempts++;
        } else if (failed.has(row.sequence)) {
          recordAttempt(row, failed.get(row.sequence)!);
        }
      }
      return published.size;
    } finally {
      for (const key of heads) this.claimedKeys.delete(key);
    }
  }

  async outboxBacklog(): Promise<OutboxBacklog> {
    const unsent = this.outbox.filter((row) => row.sentAt === undefined);
    const oldest = unsent[0];
    return {
      unsent: unsent.length,
      oldestUnsentAgeMs: oldest ? Date.now() - oldest.storedAt : 0,
      oldest: oldest && {
        messageId: oldest.message.id,
        type: oldest.message.type,
        topic: oldest.message.topic,
        attempts: oldest.attempts,
        lastError: oldest.lastError,
      },
    };
  }

  async cleanup(policy: CleanupPolicy): Promise<{ outbox: number; inbox: number }> {
    const now = Date.now();
    const before = this.outbox.length;
    const kept = this.outbox.filter(
      (row) => row.sentAt === undefined || now - row.sentAt < policy.sentRetentionMs,
    );
    this.outbox.splice(0, this.outbox.length, ...kept);
    let inbox = 0;
    for (const [key, at] of this.processed) {
      if (now - at >= policy.inboxRetentionMs) {
        this.processed.delete(key);
        inbox++;
      }
    }
    return { outbox: before - kept.length, inbox };
  }

  async onOutboxCommitted(listener: () => void): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

export function createMemoryStore(): MemoryMessageStore {
  return new MemoryMessageStore();
}

function recordAttempt(row: MemoryOutboxRow, error: string): void {
  row.attempts++;
  row.lastError = error;
}
