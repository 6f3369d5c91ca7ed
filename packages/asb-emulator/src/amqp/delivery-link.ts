import type { Delivery, Sender } from 'rhea';
import type { ReceiveSource } from '../model/namespace.js';
import { Conditions, ServiceBusFault } from '../model/service-bus-fault.js';
import type { StoredMessage } from '../model/stored-message.js';
import type { LinkHandler } from './client-connection.js';
import {
  alwaysAnswerDrain,
  answerAttach,
  creditOf,
  holdAttach,
  mirrorSettleModes,
  refuseLink,
  setAttachProperties,
} from './link-attach.js';
import { deliveryTagOf, ticksOf } from './lock-token.js';
import { encodeStored } from './message-codec.js';
import { amqpMessage, types } from './rhea-module.js';

export const SESSION_FILTER = 'com.microsoft:session-filter';
const LOCKED_UNTIL = 'com.microsoft:locked-until-utc';
const TIMEOUT_PROPERTY = 'com.microsoft:timeout';
const DEFAULT_ACCEPT_SESSION_TIMEOUT_MS = 60_000;
// Answer an accept-next-session a little before the client's own operation timeout, so it gets our answer.
const ACCEPT_SESSION_MARGIN_MS = 100;

interface Outcome {
  readonly constructor: { readonly composite_type?: string };
  readonly undeliverable_here?: boolean;
  readonly message_annotations?: Record<string, unknown>;
  readonly error?: { readonly condition?: string; readonly info?: Record<string, unknown> };
}

/**
 * A client's receiver link on a queue, subscription or dead-letter sub-queue: messages go out as the client gives
 * credit, locked (peek-lock) or removed (receive-and-delete), and the client's outcomes settle them. A session
 * receiver first gets a session: the one it names, or the next free one, waiting for it up to the link's timeout.
 */
export class DeliveryLink implements LinkHandler {
  private readonly tokens = new Map<Delivery, string>();
  private sessionId: string | undefined;
  private unsubscribe: (() => void) | undefined;
  private waitTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly sender: Sender,
    private readonly source: ReceiveSource,
  ) {}

  private get receiveAndDelete(): boolean {
    return this.sender.snd_settle_mode === 1;
  }

  private get usesSessions(): boolean {
    return this.source.queue === 'active' && this.source.entity.settings.requiresSession;
  }

  open(): void {
    mirrorSettleModes(this.sender);
    alwaysAnswerDrain(this.sender);
    const filter = this.sender.source?.filter as Record<string, unknown> | undefined;
    const asksForSession = filter !== undefined && SESSION_FILTER in filter;
    const { entity } = this.source;
    if (asksForSession !== this.usesSessions) {
      refuseLink(this.sender, {
        condition: Conditions.notAllowed,
        description: this.usesSessions
          ? `It is not possible for an entity that requires sessions to create a non-sessionful message receiver. Entity: ${entity.path}`
          : `A sessionful message receiver cannot be created on an entity that does not require sessions. Entity: ${entity.path}`,
      });
      return;
    }
    if (!this.usesSessions) {
      this.start();
      return;
    }
    const wanted = filter?.[SESSION_FILTER];
    if (typeof wanted === 'string') {
      this.acceptSession(wanted);
      return;
    }
    holdAttach(this.sender);
    this.waitForFreeSession();
  }

  onSendable(): void {
    this.pump();
  }

  onDraining(): void {
    this.pump();
    this.sender.set_drained(true);
  }

  onOutcome(delivery: Delivery): void {
    const token = this.tokens.get(delivery);
    if (token === undefined) return;
    this.tokens.delete(delivery);
    const outcome = delivery.remote_state as unknown as Outcome | undefined;
    try {
      this.settle(token, outcome);
      delivery.update(true, settledState(outcome));
    } catch (error) {
      const fault =
        error instanceof ServiceBusFault ? error : new ServiceBusFault(Conditions.argument, String(error));
      delivery.update(
        true,
        amqpMessage
          .rejected({ error: { condition: fault.condition, description: fault.message } })
          .described(),
      );
    }
  }

  onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.waitTimer);
    this.unsubscribe?.();
    // Plain message locks outlive the link (they are settled over $management then); a session's do not.
    if (this.sessionId !== undefined) this.source.entity.sessions.release(this.sessionId, this);
  }

  /** Called by the entity when this link's session lock ended under it (expired, not renewed). */
  onSessionLockLost(): void {
    if (this.closed || this.sessionId === undefined) return;
    const sessionId = this.sessionId;
    this.onClose();
    this.sender.close({
      condition: Conditions.sessionLockLost,
      description: `The session lock has expired on the MessageSession '${sessionId}'. Accept a new MessageSession.`,
    });
  }

  private waitForFreeSession(): void {
    const property = Number(this.sender.properties?.[TIMEOUT_PROPERTY]);
    const timeoutMs =
      Number.isFinite(property) && property > 0 ? property : DEFAULT_ACCEPT_SESSION_TIMEOUT_MS;
    const tryAccept = () => {
      if (this.closed) return;
      const free = this.source.entity.nextFreeSession();
      if (free === undefined) return;
      this.unsubscribe?.();
      clearTimeout(this.waitTimer);
      this.acceptSession(free);
    };
    this.unsubscribe = this.source.entity.onChange(tryAccept);
    this.waitTimer = setTimeout(
      () => {
        this.unsubscribe?.();
        if (this.closed) return;
        this.closed = true;
        answerAttach(this.sender);
        refuseLink(this.sender, {
          condition: Conditions.timeout,
          description: `No session available to accept on '${this.source.entity.path}' within ${timeoutMs} ms.`,
        });
      },
      Math.max(0, timeoutMs - ACCEPT_SESSION_MARGIN_MS),
    );
    tryAccept();
  }

  private acceptSession(sessionId: string): void {
    const { entity } = this.source;
    let until: number;
    try {
      until = entity.sessions.lock(sessionId, this);
    } catch (error) {
      this.closed = true;
      const fault = error as ServiceBusFault;
      refuseLink(this.sender, { condition: fault.condition, description: fault.message });
      return;
    }
    this.sessionId = sessionId;
    this.sender.set_source({
      address: this.sender.source?.address,
      filter: { [SESSION_FILTER]: sessionId },
    } as Parameters<Sender['set_source']>[0]);
    setAttachProperties(this.sender, { [LOCKED_UNTIL]: types.wrap_long(ticksOf(until)) });
    answerAttach(this.sender);
    this.start();
  }

  private start(): void {
    if (this.sessionId === undefined) {
      this.sender.set_source({ address: this.sender.source?.address } as Parameters<Sender['set_source']>[0]);
    }
    this.sender.set_target({ address: this.sender.target?.address } as Parameters<Sender['set_target']>[0]);
    this.unsubscribe = this.source.entity.onChange(() => this.pump());
    this.pump();
  }

  /** Hand out messages while the client has credit. */
  private pump(): void {
    if (this.closed || !this.sender.is_open()) return;
    const { entity, queue } = this.source;
    while (creditOf(this.sender) > 0 && this.sender.sendable()) {
      const [next] = this.receiveAndDelete
        ? entity.takeAvailable(queue, 1, this.sessionId)
        : entity.lockAvailable(queue, 1, this, this.sessionId);
      if (!next) return;
      this.deliver(next);
    }
  }

  private deliver(stored: StoredMessage): void {
    const lock = stored.lock;
    const payload = encodeStored(stored, lock ? { lockedUntil: lock.until } : {});
    if (!lock || this.receiveAndDelete) {
      this.sender.send(payload, Buffer.from(String(stored.sequenceNumber)), 0);
      return;
    }
    const delivery = this.sender.send(payload, deliveryTagOf(lock.token), 0);
    this.tokens.set(delivery, lock.token);
  }

  private settle(token: string, outcome: Outcome | undefined): void {
    const { entity } = this.source;
    const kind = outcome?.constructor.composite_type;
    if (kind === 'accepted') {
      entity.complete(token, this);
    } else if (kind === 'modified') {
      const properties = outcome?.message_annotations ?? {};
      if (outcome?.undeliverable_here) entity.defer(token, properties, this);
      else entity.abandon(token, properties, this);
    } else if (kind === 'rejected') {
      const { DeadLetterReason, DeadLetterErrorDescription, ...properties } = outcome?.error?.info ?? {};
      entity.deadLetter(
        token,
        DeadLetterReason === undefined ? undefined : String(DeadLetterReason),
        DeadLetterErrorDescription === undefined ? undefined : String(DeadLetterErrorDescription),
        properties,
        this,
      );
    } else {
      entity.abandon(token, {}, this);
    }
  }
}

/** Our settlement echoes the client's outcome, without an error (the SDK reads an error there as a failure). */
function settledState(outcome: Outcome | undefined): unknown {
  const kind = outcome?.constructor.composite_type;
  if (kind === 'modified') {
    return amqpMessage
      .modified({ delivery_failed: true, undeliverable_here: outcome?.undeliverable_here === true })
      .described();
  }
  if (kind === 'rejected') return amqpMessage.rejected({} as never).described();
  if (kind === 'released') return amqpMessage.released().described();
  return amqpMessage.accepted().described();
}
