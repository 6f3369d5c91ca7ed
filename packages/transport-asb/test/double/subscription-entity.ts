import { randomUUID } from 'node:crypto';
import type { ServiceBusMessage } from '@azure/service-bus';
import { lockLost, serviceBusError, sessionLockLost } from './double-errors.js';
import { matchesFilter, type RuleFilter } from './rule-filter.js';
import { type ApplicationProperties, copyMessage, type StoredMessage } from './stored-message.js';

export interface SubscriptionSettingsDouble {
  lockDurationMs: number;
  maxDeliveryCount: number;
  requiresSession: boolean;
  defaultMessageTimeToLiveMs: number;
  deadLetteringOnMessageExpiration: boolean;
}

/** The subscription itself, or its dead-letter sub-queue (`<path>/$DeadLetterQueue`). */
export type SubQueue = 'active' | 'deadLetter';

interface SessionLock {
  readonly holder: object;
  until: number;
  timer: NodeJS.Timeout;
}

/**
 * One topic subscription with the semantics the transport relies on, as documented in
 * "Message transfers, locks, and settlement" (https://learn.microsoft.com/azure/service-bus-messaging/message-transfers-locks-settlement),
 * "Dead-letter queues" (https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues) and
 * "Message sessions" (https://learn.microsoft.com/azure/service-bus-messaging/message-sessions):
 * - peek-lock: a received message is invisible to others until completed, abandoned or its lock expires;
 * - abandon and lock expiry increment the delivery count; reaching MaxDeliveryCount moves the message to the
 *   dead-letter sub-queue with reason `MaxDeliveryCountExceeded`;
 * - expired messages go to the dead-letter sub-queue (`TTLExpiredException`) when dead-lettering on expiration is on;
 * - sessions: a session is locked to one receiver at a time; its messages come out in order; a lost or
 *   released session lock returns its unsettled messages.
 */
export class SubscriptionEntity {
  readonly rules = new Map<string, RuleFilter>();
  readonly active: StoredMessage[] = [];
  readonly deadLetters: StoredMessage[] = [];
  private readonly sessionLocks = new Map<string, SessionLock>();
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly topicName: string,
    readonly name: string,
    readonly settings: SubscriptionSettingsDouble,
  ) {}

  get path(): string {
    return `${this.topicName}/Subscriptions/${this.name}`;
  }

  /** Called when anything may have become available; receivers waiting re-check. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  accepts(message: ServiceBusMessage): boolean {
    return [...this.rules.values()].some((filter) => matchesFilter(filter, message));
  }

  enqueue(message: ServiceBusMessage, sequenceNumber: number, now = Date.now()): void {
    const copy = copyMessage(message);
    const ttl = Math.min(
      message.timeToLive ?? Number.POSITIVE_INFINITY,
      this.settings.defaultMessageTimeToLiveMs,
    );
    this.active.push({
      sequenceNumber,
      message: copy,
      applicationProperties: { ...copy.applicationProperties },
      enqueuedTimeUtc: new Date(now),
      expiresAt: now + ttl,
      deliveryCount: 0,
    });
    this.changed();
  }

  /** Every message of a sub-queue, locked or not, in sequence order (what peek sees). */
  messagesOf(queue: SubQueue): StoredMessage[] {
    if (queue === 'active') this.expireOld();
    return queue === 'active' ? this.active : this.deadLetters;
  }

  /** Lock up to `max` available messages in sequence order (of one session, for session receivers). */
  lockAvailable(queue: SubQueue, max: number, holder: object, sessionId?: string): StoredMessage[] {
    const taken: StoredMessage[] = [];
    for (const stored of this.messagesOf(queue)) {
      if (taken.length >= max) break;
      if (stored.lock) continue;
      if (sessionId !== undefined && stored.message.sessionId !== sessionId) continue;
      stored.lock = { token: randomUUID(), until: 0, holder };
      if (sessionId === undefined) this.startLockTimer(stored);
      else stored.lock.until = this.sessionLocks.get(sessionId)?.until ?? 0;
      taken.push(stored);
    }
    return taken;
  }

  /** Remove up to `max` available messages at once (receive-and-delete mode). */
  takeAvailable(queue: SubQueue, max: number, sessionId?: string): StoredMessage[] {
    const taken = this.lockAvailable(queue, max, this, sessionId);
    for (const stored of taken) this.remove(stored);
    return taken;
  }

  complete(queue: SubQueue, token: string | undefined, holder: object): void {
    this.remove(this.locked(queue, token, holder));
  }

  abandon(
    queue: SubQueue,
    token: string | undefined,
    holder: object,
    properties: ApplicationProperties = {},
  ): void {
    const stored = this.locked(queue, token, holder);
    Object.assign(stored.applicationProperties, properties);
    this.unlock(stored, true);
  }

  deadLetter(
    token: string | undefined,
    holder: object,
    reason: string | undefined,
    description: string | undefined,
    properties: ApplicationProperties,
  ): void {
    const stored = this.locked('active', token, holder);
    Object.assign(stored.applicationProperties, properties);
    this.moveToDeadLetters(stored, reason, description);
  }

  renewLock(queue: SubQueue, token: string | undefined, holder: object): Date {
    const stored = this.locked(queue, token, holder);
    this.startLockTimer(stored);
    return new Date(stored.lock!.until);
  }

  /** The first session, in sequence order, that has an available message and no owner; locked to `holder`. */
  lockNextSession(holder: object): { sessionId: string; until: number } | undefined {
    this.expireOld();
    for (const stored of this.active) {
      const sessionId = stored.message.sessionId ?? '';
      if (stored.lock || this.sessionLocks.has(sessionId)) continue;
      const until = Date.now() + this.settings.lockDurationMs;
      const timer = setTimeout(() => this.releaseSession(sessionId, holder), this.settings.lockDurationMs);
      this.sessionLocks.set(sessionId, { holder, until, timer });
      return { sessionId, until };
    }
    return undefined;
  }

  renewSessionLock(sessionId: string, holder: object): Date {
    const lock = this.ownedSession(sessionId, holder);
    clearTimeout(lock.timer);
    lock.until = Date.now() + this.settings.lockDurationMs;
    lock.timer = setTimeout(() => this.releaseSession(sessionId, holder), this.settings.lockDurationMs);
    return new Date(lock.until);
  }

  ownsSession(sessionId: string, holder: object): boolean {
    return this.sessionLocks.get(sessionId)?.holder === holder;
  }

  /** Session lock expired, receiver closed or connection lost: its unsettled messages count a delivery. */
  releaseSession(sessionId: string, holder: object): void {
    const lock = this.sessionLocks.get(sessionId);
    if (!lock || lock.holder !== holder) return;
    clearTimeout(lock.timer);
    this.sessionLocks.delete(sessionId);
    for (const stored of [...this.active]) {
      if (stored.lock?.holder === holder) this.unlock(stored, true);
    }
    this.changed();
  }

  /** Locks held by `holder` end at once (its lock tokens become invalid), counting a delivery. */
  dropLocksOf(holder: object): void {
    for (const stored of [...this.active, ...this.deadLetters]) {
      if (stored.lock?.holder === holder) this.unlock(stored, true);
    }
  }

  dispose(): void {
    for (const stored of [...this.active, ...this.deadLetters]) clearTimeout(stored.lock?.timer);
    for (const lock of this.sessionLocks.values()) clearTimeout(lock.timer);
  }

  private locked(queue: SubQueue, token: string | undefined, holder: object): StoredMessage {
    const messages = queue === 'active' ? this.active : this.deadLetters;
    const stored = messages.find((candidate) => candidate.lock && candidate.lock.token === token);
    const sessionId = stored?.message.sessionId;
    const bySession = queue === 'active' && this.settings.requiresSession;
    if (bySession && sessionId !== undefined && !this.ownsSession(sessionId, holder)) {
      throw sessionLockLost(sessionId);
    }
    if (!stored || stored.lock!.holder !== holder) throw lockLost();
    return stored;
  }

  private ownedSession(sessionId: string, holder: object): SessionLock {
    const lock = this.sessionLocks.get(sessionId);
    if (!lock || lock.holder !== holder) throw sessionLockLost(sessionId);
    return lock;
  }

  private startLockTimer(stored: StoredMessage): void {
    const lock = stored.lock!;
    clearTimeout(lock.timer);
    lock.until = Date.now() + this.settings.lockDurationMs;
    lock.timer = setTimeout(() => this.unlock(stored, true), this.settings.lockDurationMs);
  }

  private unlock(stored: StoredMessage, countsDelivery: boolean): void {
    clearTimeout(stored.lock?.timer);
    stored.lock = undefined;
    if (countsDelivery) stored.deliveryCount++;
    // Dead letters are never dead-lettered again; only the active queue enforces MaxDeliveryCount.
    const active = this.active.includes(stored);
    if (active && stored.deliveryCount >= this.settings.maxDeliveryCount) {
      this.moveToDeadLetters(
        stored,
        'MaxDeliveryCountExceeded',
        `Message could not be consumed after ${this.settings.maxDeliveryCount} delivery attempts.`,
      );
      return;
    }
    this.changed();
  }

  private moveToDeadLetters(stored: StoredMessage, reason?: string, description?: string): void {
    this.remove(stored);
    stored.lock = undefined;
    stored.deadLetterReason = reason;
    stored.deadLetterErrorDescription = description;
    stored.deadLetterSource = this.path;
    this.deadLetters.push(stored);
    this.changed();
  }

  private remove(stored: StoredMessage): void {
    clearTimeout(stored.lock?.timer);
    for (const messages of [this.active, this.deadLetters]) {
      const index = messages.indexOf(stored);
      if (index >= 0) messages.splice(index, 1);
    }
    this.changed();
  }

  private expireOld(now = Date.now()): void {
    for (const stored of [...this.active]) {
      if (stored.lock || stored.expiresAt > now) continue;
      if (this.settings.deadLetteringOnMessageExpiration) {
        this.moveToDeadLetters(stored, 'TTLExpiredException', 'The message expired and was dead lettered.');
      } else {
        this.remove(stored);
      }
    }
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export function requireSessionMismatch(path: string, requiresSession: boolean): Error {
  return serviceBusError(
    'GeneralError',
    requiresSession
      ? `It is not possible for an entity that requires sessions to create a non-sessionful message receiver. Entity: ${path}`
      : `A sessionful message receiver cannot be created on an entity that does not require sessions. Entity: ${path}`,
  );
}
