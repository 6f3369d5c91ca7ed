import { randomUUID } from 'node:crypto';
import { MessageList } from './message-list.js';
import {
  type AmqpValue,
  type MessageRecord,
  sessionIdOf,
  withApplicationProperties,
} from './message-record.js';
import { MessageSessions } from './message-sessions.js';
import { Conditions, lockLost, ServiceBusFault, sessionLockLost } from './service-bus-fault.js';
import type { StoredMessage } from './stored-message.js';

export interface ReceivableSettings {
  lockDurationMs: number;
  maxDeliveryCount: number;
  requiresSession: boolean;
  /** Infinity when the entity keeps messages forever. */
  defaultMessageTimeToLiveMs: number;
  deadLetteringOnMessageExpiration: boolean;
}

/** The entity itself, or its dead-letter sub-queue (`<path>/$DeadLetterQueue`). */
export type SubQueue = 'active' | 'deadLetter';

export interface Located {
  readonly stored: StoredMessage;
  readonly queue: SubQueue;
}

const DEAD_LETTER_REASON = 'DeadLetterReason';
const DEAD_LETTER_DESCRIPTION = 'DeadLetterErrorDescription';

/**
 * A queue or a subscription: what receivers read. Follows "Message transfers, locks, and settlement", "Dead-letter
 * queues" and "Message sessions" (learn.microsoft.com/azure/service-bus-messaging):
 * - peek-lock: a delivered message is invisible to others until completed, abandoned, dead-lettered, deferred or
 *   its lock expires; a lock belongs to the entity, not the link, so its token settles it from anywhere;
 * - abandon and lock expiry count a delivery; reaching MaxDeliveryCount dead-letters (`MaxDeliveryCountExceeded`);
 * - expired messages are dead-lettered (`TTLExpiredException`) when the entity says so, else dropped;
 * - sessions: one receiver holds a session at a time; its messages come out in order; losing the session lock
 *   returns its unsettled messages.
 */
export class ReceivableEntity {
  private readonly queues: Record<SubQueue, MessageList> = {
    active: new MessageList(),
    deadLetter: new MessageList(),
  };
  private readonly locks = new Map<string, Located>();
  readonly sessions: MessageSessions;
  private readonly listeners = new Set<() => void>();
  private notifying = false;
  /** Last time a receiver or sender used the entity (auto-delete on idle). */
  lastActivity = Date.now();

  constructor(
    readonly path: string,
    readonly settings: ReceivableSettings,
  ) {
    this.sessions = new MessageSessions(
      () => settings.lockDurationMs,
      (owner) => this.returnLocksOf(owner),
    );
  }

  /** Called (batched) whenever a message may have become available. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enqueue(record: MessageRecord, sequenceNumber: number, now = Date.now()): void {
    const ttl = Math.min(
      record.fields.ttl ?? Number.POSITIVE_INFINITY,
      this.settings.defaultMessageTimeToLiveMs,
    );
    this.queues.active.insert({
      sequenceNumber,
      record,
      enqueuedAt: now,
      expiresAt: now + ttl,
      deliveryCount: 0,
      deferred: false,
    });
    this.changed();
  }

  /** Receiver links attached now (each listens for changes). */
  get receiverCount(): number {
    return this.listeners.size;
  }

  count(queue: SubQueue): number {
    return this.queues[queue].size;
  }

  /** Lock up to `max` available messages in order (only of `sessionId` for session receivers). */
  lockAvailable(queue: SubQueue, max: number, owner: object, sessionId?: string): StoredMessage[] {
    this.touch();
    const taken: StoredMessage[] = [];
    for (const stored of this.available(queue, sessionId)) {
      if (taken.length >= max) break;
      this.lock(stored, queue, owner, sessionId);
      taken.push(stored);
    }
    return taken;
  }

  hasAvailable(queue: SubQueue, sessionId?: string): boolean {
    return this.available(queue, sessionId).next().done === false;
  }

  /** Settle by lock token; `owner` is the link it was delivered on, or undefined over `$management`. */
  complete(token: string, owner?: object): void {
    const { stored, queue } = this.locked(token, owner);
    this.forget(stored);
    this.queues[queue].remove(stored);
    this.changed();
  }

  abandon(token: string, properties: Record<string, AmqpValue> = {}, owner?: object): void {
    const { stored } = this.locked(token, owner);
    stored.record = withApplicationProperties(stored.record, properties);
    this.unlock(stored, true);
  }

  defer(token: string, properties: Record<string, AmqpValue> = {}, owner?: object): void {
    const { stored } = this.locked(token, owner);
    stored.record = withApplicationProperties(stored.record, properties);
    stored.deferred = true;
    this.unlock(stored, false);
  }

  deadLetter(
    token: string,
    reason: string | undefined,
    description: string | undefined,
    properties: Record<string, AmqpValue> = {},
    owner?: object,
  ): void {
    const { stored, queue } = this.locked(token, owner);
    stored.record = withApplicationProperties(stored.record, properties);
    if (queue === 'deadLetter') {
      // A dead letter cannot be dead-lettered again; Service Bus completes it instead.
      this.forget(stored);
      this.queues.deadLetter.remove(stored);
      this.changed();
      return;
    }
    this.moveToDeadLetters(stored, reason, description);
  }

  renewLock(token: string): Date {
    const { stored } = this.locked(token, undefined);
    if (stored.record.fields.group_id !== undefined && this.settings.requiresSession) {
      throw new ServiceBusFault(
        Conditions.notAllowed,
        'The lock of a message in a session cannot be renewed; renew the session lock instead.',
      );
    }
    this.startLockTimer(stored);
    return new Date(stored.lock!.until);
  }

  /** Messages from `fromSequenceNumber` on, locked or not, deferred too: nothing is locked or counted. */
  peek(queue: SubQueue, fromSequenceNumber: number, max: number, sessionId?: string): StoredMessage[] {
    this.touch();
    if (queue === 'active') this.expireOld();
    const found: StoredMessage[] = [];
    for (const stored of this.queues[queue]) {
      if (found.length >= max) break;
      if (stored.sequenceNumber < fromSequenceNumber) continue;
      if (sessionId !== undefined && sessionIdOf(stored.record) !== sessionId) continue;
      found.push(stored);
    }
    return found;
  }

  /** Deferred messages by sequence number, locked to `owner`; fails when one of them is not there. */
  receiveDeferred(
    queue: SubQueue,
    sequenceNumbers: number[],
    owner: object,
    sessionId?: string,
  ): StoredMessage[] {
    this.touch();
    const found = sequenceNumbers.map((sequenceNumber) => {
      const stored = this.queues[queue].bySequenceNumber(sequenceNumber);
      if (!stored?.deferred || stored.lock) {
        throw new ServiceBusFault(
          Conditions.messageNotFound,
          `Failed to lock one or more specified messages. Either the message is not deferred or it is locked (sequence number ${sequenceNumber}).`,
        );
      }
      if (sessionId !== undefined && sessionIdOf(stored.record) !== sessionId) {
        throw new ServiceBusFault(
          Conditions.messageNotFound,
          `Message ${sequenceNumber} is not in session '${sessionId}'.`,
        );
      }
      return stored;
    });
    for (const stored of found) this.lock(stored, queue, owner, sessionId);
    return found;
  }

  /** Remove up to `max` available messages at once (receive-and-delete). */
  takeAvailable(queue: SubQueue, max: number, sessionId?: string): StoredMessage[] {
    const taken = this.lockAvailable(queue, max, this, sessionId);
    for (const stored of taken) {
      this.forget(stored);
      this.queues[queue].remove(stored);
    }
    if (taken.length > 0) this.changed();
    return taken;
  }

  /** The first session, in sequence order, with an available message and no owner (accept-next-session). */
  nextFreeSession(): string | undefined {
    this.expireOld();
    for (const stored of this.queues.active) {
      const sessionId = sessionIdOf(stored.record);
      if (sessionId === undefined || stored.lock || stored.deferred || this.sessions.isLocked(sessionId))
        continue;
      return sessionId;
    }
    return undefined;
  }

  dispose(): void {
    for (const located of this.locks.values()) clearTimeout(located.stored.lock?.timer);
    this.locks.clear();
    this.sessions.dispose();
    this.listeners.clear();
  }

  touch(): void {
    this.lastActivity = Date.now();
  }

  private *available(queue: SubQueue, sessionId?: string): Generator<StoredMessage> {
    if (queue === 'active') this.expireOld();
    for (const stored of this.queues[queue].toArray()) {
      if (stored.lock || stored.deferred) continue;
      const messageSession = sessionIdOf(stored.record);
      if (queue === 'active' && this.settings.requiresSession && messageSession !== sessionId) continue;
      yield stored;
    }
  }

  private lock(stored: StoredMessage, queue: SubQueue, owner: object, sessionId?: string): void {
    const token = randomUUID();
    stored.lock = { token, until: 0, owner };
    this.locks.set(token, { stored, queue });
    if (sessionId !== undefined && queue === 'active' && this.settings.requiresSession) {
      // Messages of a session are locked as long as the session is.
      stored.lock.until = this.sessions.lockedUntil(sessionId) ?? Date.now();
    } else {
      this.startLockTimer(stored);
    }
  }

  private locked(token: string, owner: object | undefined): Located {
    const located = this.locks.get(token);
    if (!located?.stored.lock || located.stored.lock.token !== token) throw lockLost();
    const { stored } = located;
    const sessionId = sessionIdOf(stored.record);
    if (located.queue === 'active' && this.settings.requiresSession && sessionId !== undefined) {
      if (!this.sessions.isLockedBy(sessionId, stored.lock!.owner)) throw sessionLockLost(sessionId);
    }
    if (owner !== undefined && stored.lock!.owner !== owner) throw lockLost();
    return located;
  }

  private startLockTimer(stored: StoredMessage): void {
    const lock = stored.lock!;
    clearTimeout(lock.timer);
    lock.until = Date.now() + this.settings.lockDurationMs;
    lock.timer = setTimeout(() => this.unlock(stored, true), this.settings.lockDurationMs);
    lock.timer.unref();
  }

  private forget(stored: StoredMessage): void {
    if (!stored.lock) return;
    clearTimeout(stored.lock.timer);
    this.locks.delete(stored.lock.token);
    stored.lock = undefined;
  }

  /** The lock ends (its token is dead); abandons and expiries count a delivery. */
  private unlock(stored: StoredMessage, countsDelivery: boolean): void {
    this.forget(stored);
    if (countsDelivery) stored.deliveryCount++;
    const active = this.queues.active.bySequenceNumber(stored.sequenceNumber) === stored;
    if (active && countsDelivery && stored.deliveryCount >= this.settings.maxDeliveryCount) {
      this.moveToDeadLetters(
        stored,
        'MaxDeliveryCountExceeded',
        `Message could not be consumed after ${this.settings.maxDeliveryCount} delivery attempts.`,
      );
      return;
    }
    this.changed();
  }

  /** A session lock ended: the messages its owner held come back, each counting a delivery. */
  private returnLocksOf(owner: object): void {
    for (const { stored } of [...this.locks.values()]) {
      if (stored.lock?.owner === owner) this.unlock(stored, true);
    }
    this.changed();
    // The receiver that held the session learns it lost it (Service Bus detaches its link).
    (owner as { onSessionLockLost?: () => void }).onSessionLockLost?.();
  }

  private moveToDeadLetters(stored: StoredMessage, reason?: string, description?: string): void {
    this.forget(stored);
    this.queues.active.remove(stored);
    const properties: Record<string, AmqpValue> = {};
    if (reason !== undefined) properties[DEAD_LETTER_REASON] = reason;
    if (description !== undefined) properties[DEAD_LETTER_DESCRIPTION] = description;
    stored.record = withApplicationProperties(stored.record, properties);
    stored.deferred = false;
    this.queues.deadLetter.insert(stored);
    this.changed();
  }

  private expireOld(now = Date.now()): void {
    for (const stored of this.queues.active.toArray()) {
      if (stored.lock || stored.expiresAt > now) continue;
      if (this.settings.deadLetteringOnMessageExpiration) {
        this.moveToDeadLetters(stored, 'TTLExpiredException', 'The message expired and was dead lettered.');
      } else {
        this.queues.active.remove(stored);
      }
    }
  }

  private changed(): void {
    if (this.notifying) return;
    this.notifying = true;
    queueMicrotask(() => {
      this.notifying = false;
      for (const listener of [...this.listeners]) listener();
    });
  }
}
