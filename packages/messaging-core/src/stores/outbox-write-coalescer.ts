import type { TransportMessage } from '../contracts/transport-message.js';
import { StoreUnavailableError } from '../errors.js';
import { isConnectionError } from './connection-errors.js';

/** Writes one group's outbox rows in one statement, atomically; announces them when `announce` is set. */
export type OutboxGroupWriter = (messages: readonly TransportMessage[], announce: boolean) => Promise<void>;

export interface OutboxCoalescingLimits {
  /** Groups being written at once. */
  readonly writers: number;
  /** Rows in one group at most (PostgreSQL takes at most 65 535 parameters in a statement, 9 per row here). */
  readonly rows: number;
}

interface PendingWrite {
  readonly messages: readonly TransportMessage[];
  readonly announce: boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit for transactions that only publish. Each would be one autocommitted INSERT, one durable commit
 * apiece; while `writers` groups are being written, the transactions that arrive wait and then go out together as
 * one INSERT and one commit. An idle store writes a transaction's rows at once, so batching only happens when
 * there is a queue to batch, and adds no wait beyond it.
 *
 * Each transaction stays atomic (its rows are all in one statement, so all or none are written) and resolves only
 * once its rows are committed. When the database refuses a group, each of its transactions is written alone, so
 * only the one it refuses fails; when the database is unreachable, the whole group fails as one write would.
 */
export class OutboxWriteCoalescer {
  private readonly waiting: PendingWrite[] = [];
  private writing = 0;

  constructor(
    private readonly write: OutboxGroupWriter,
    private readonly limits: OutboxCoalescingLimits,
  ) {}

  /** Writes one transaction's rows; resolves once they are committed. */
  add(messages: readonly TransportMessage[], announce: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ messages, announce, resolve, reject });
      this.startWriters();
    });
  }

  private startWriters(): void {
    while (this.writing < this.limits.writers && this.waiting.length > 0) {
      this.writing++;
      void this.writeGroup(this.nextGroup()).finally(() => {
        this.writing--;
        this.startWriters();
      });
    }
  }

  /** The longest run of waiting transactions, oldest first, that fits in one group (at least one). */
  private nextGroup(): PendingWrite[] {
    let rows = 0;
    let count = 0;
    for (const pending of this.waiting) {
      if (count > 0 && rows + pending.messages.length > this.limits.rows) break;
      rows += pending.messages.length;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async writeGroup(group: readonly PendingWrite[]): Promise<void> {
    const [only] = group;
    if (only && group.length === 1) return settle(only, this.write(only.messages, only.announce));
    try {
      await this.write(
        group.flatMap((pending) => pending.messages),
        group.some((pending) => pending.announce),
      );
      for (const pending of group) pending.resolve();
    } catch (error) {
      if (error instanceof StoreUnavailableError || isConnectionError(error)) {
        for (const pending of group) pending.reject(error);
        return;
      }
      // One transaction's rows may be what the database refused: the others must not fail with it.
      for (const pending of group) await settle(pending, this.write(pending.messages, pending.announce));
    }
  }
}

async function settle(pending: PendingWrite, written: Promise<void>): Promise<void> {
  try {
    await written;
    pending.resolve();
  } catch (error) {
    pending.reject(error);
  }
}
