import { Conditions, ServiceBusFault, sessionLockLost } from './service-bus-fault.js';

interface SessionLock {
  readonly owner: object;
  until: number;
  timer: NodeJS.Timeout;
}

interface Session {
  lock?: SessionLock;
  state?: Buffer;
  updatedAt: number;
}

/**
 * The sessions of a session-enabled entity: an exclusive, expiring lock per session id (held by one receiver
 * link) and the session state the application may store. A lock ends when it expires, when its receiver lets it
 * go, or when the receiver's connection drops; then `onReleased` returns the messages that receiver held.
 */
export class MessageSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly lockDurationMs: () => number,
    private readonly onReleased: (owner: object) => void,
  ) {}

  isLocked(sessionId: string): boolean {
    return this.sessions.get(sessionId)?.lock !== undefined;
  }

  isLockedBy(sessionId: string, owner: object): boolean {
    return this.sessions.get(sessionId)?.lock?.owner === owner;
  }

  lockedUntil(sessionId: string): number | undefined {
    return this.sessions.get(sessionId)?.lock?.until;
  }

  /** Lock `sessionId` to `owner`, or fail when someone else holds it. */
  lock(sessionId: string, owner: object): number {
    const session = this.session(sessionId);
    if (session.lock && session.lock.owner !== owner) {
      throw new ServiceBusFault(
        Conditions.sessionCannotBeLocked,
        `The requested session '${sessionId}' cannot be accepted. It may be locked by another receiver.`,
      );
    }
    const until = Date.now() + this.lockDurationMs();
    if (session.lock) clearTimeout(session.lock.timer);
    session.lock = { owner, until, timer: this.expiry(sessionId, owner) };
    return until;
  }

  /** Renew a held lock (over `$management`, any client holding the session may). */
  renew(sessionId: string): Date {
    const lock = this.session(sessionId).lock;
    if (!lock) throw sessionLockLost(sessionId);
    clearTimeout(lock.timer);
    lock.until = Date.now() + this.lockDurationMs();
    lock.timer = this.expiry(sessionId, lock.owner);
    return new Date(lock.until);
  }

  release(sessionId: string, owner: object): void {
    const session = this.sessions.get(sessionId);
    if (!session?.lock || session.lock.owner !== owner) return;
    clearTimeout(session.lock.timer);
    session.lock = undefined;
    this.onReleased(owner);
    this.forgetIfEmpty(sessionId);
  }

  getState(sessionId: string): Buffer | undefined {
    this.requireLock(sessionId);
    return this.sessions.get(sessionId)?.state;
  }

  setState(sessionId: string, state: Buffer | undefined): void {
    this.requireLock(sessionId);
    const session = this.session(sessionId);
    session.state = state;
    session.updatedAt = Date.now();
  }

  /** Session ids with state, updated since `since` (what get-message-sessions lists). */
  withState(since: number): string[] {
    return [...this.sessions.entries()]
      .filter(([, session]) => session.state !== undefined && session.updatedAt >= since)
      .map(([sessionId]) => sessionId);
  }

  dispose(): void {
    for (const session of this.sessions.values()) clearTimeout(session.lock?.timer);
    this.sessions.clear();
  }

  private requireLock(sessionId: string): void {
    if (!this.isLocked(sessionId)) throw sessionLockLost(sessionId);
  }

  private expiry(sessionId: string, owner: object): NodeJS.Timeout {
    const timer = setTimeout(() => this.release(sessionId, owner), this.lockDurationMs());
    timer.unref();
    return timer;
  }

  private session(sessionId: string): Session {
    let session = this.sessions.get(sessionId);
    if (!session) {
      session = { updatedAt: Date.now() };
      this.sessions.set(sessionId, session);
    }
    return session;
  }

  private forgetIfEmpty(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (session && !session.lock && session.state === undefined) this.sessions.delete(sessionId);
  }
}
