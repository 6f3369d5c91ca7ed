import type { MessageRecord } from './message-record.js';

export interface MessageLock {
  readonly token: string;
  until: number;
  /** Who may settle it by link: the receiver link it was delivered on (any holder of the token may by management). */
  readonly owner: object;
  timer?: NodeJS.Timeout;
}

/** A message in a queue, a subscription or a dead-letter sub-queue. */
export interface StoredMessage {
  readonly sequenceNumber: number;
  record: MessageRecord;
  readonly enqueuedAt: number;
  readonly expiresAt: number;
  deliveryCount: number;
  /** Deferred messages are received only by sequence number. */
  deferred: boolean;
  lock?: MessageLock;
}
