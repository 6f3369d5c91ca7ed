import type { EventContext } from 'rhea';
import type { Namespace } from '../model/namespace.js';
import { type Condition, Conditions, ServiceBusFault } from '../model/service-bus-fault.js';
import type { StoredMessage } from '../model/stored-message.js';
import type { ClientConnection, LinkHandler } from './client-connection.js';
import { lockTokenOfUuid, uuidOfLockToken } from './lock-token.js';
import { decodeMessage, encodeStored } from './message-codec.js';
import { types } from './rhea-module.js';

type Body = Record<string, unknown>;

interface Answer {
  readonly status: number;
  readonly body?: Body;
}

const STATUS_OF: Record<Condition, number> = {
  [Conditions.notFound]: 404,
  [Conditions.messageNotFound]: 404,
  [Conditions.notImplemented]: 501,
  [Conditions.notAllowed]: 400,
  [Conditions.argument]: 400,
  [Conditions.messageSizeExceeded]: 400,
  [Conditions.entityAlreadyExists]: 409,
  [Conditions.messageLockLost]: 410,
  [Conditions.sessionLockLost]: 410,
  [Conditions.sessionCannotBeLocked]: 410,
  [Conditions.timeout]: 408,
};

const TIMESTAMP_ARRAY = 0x83;
const LONG_ARRAY = 0x81;
const SCHEDULED_ENQUEUE_TIME = 'x-opt-scheduled-enqueue-time';

/**
 * `<entity>/$management`: Service Bus's request/response operations ("AMQP request-response operations",
 * learn.microsoft.com/azure/service-bus-messaging/service-bus-amqp-request-response). Answers carry `statusCode`,
 * `statusDescription` and, on failure, `errorCondition`, correlated by the request's message id.
 */
export class ManagementNode implements LinkHandler {
  private readonly operations: Record<string, (body: Body) => Answer> = {
    'com.microsoft:schedule-message': (body) => this.schedule(body),
    'com.microsoft:cancel-scheduled-message': (body) => this.cancelScheduled(body),
    'com.microsoft:peek-message': (body) => this.peek(body),
    'com.microsoft:renew-lock': (body) => this.renewLock(body),
    'com.microsoft:receive-by-sequence-number': (body) => this.receiveBySequenceNumber(body),
    'com.microsoft:update-disposition': (body) => this.updateDisposition(body),
    'com.microsoft:renew-session-lock': (body) => this.renewSessionLock(body),
    'com.microsoft:get-session-state': (body) => this.getSessionState(body),
    'com.microsoft:set-session-state': (body) => this.setSessionState(body),
    'com.microsoft:get-message-sessions': (body) => this.listSessions(body),
  };

  constructor(
    private readonly client: ClientConnection,
    private readonly namespace: Namespace,
    /** The entity the node belongs to, e.g. `orders` or `orders/Subscriptions/billing/$DeadLetterQueue`. */
    private readonly entityPath: string,
  ) {}

  onMessage(context: EventContext): void {
    const request = context.message!;
    context.delivery?.accept();
    const operation = String(request.application_properties?.operation ?? '');
    let answer: Answer;
    let fault: ServiceBusFault | undefined;
    try {
      const handler = this.operations[operation];
      if (!handler) {
        throw new ServiceBusFault(
          Conditions.notImplemented,
          `The emulator does not implement the $management operation '${operation}'.`,
        );
      }
      answer = handler((request.body ?? {}) as Body);
    } catch (error) {
      fault =
        error instanceof ServiceBusFault ? error : new ServiceBusFault(Conditions.argument, String(error));
      answer = { status: STATUS_OF[fault.condition] };
    }
    const properties: Record<string, unknown> = {
      statusCode: types.wrap_int(answer.status),
      statusDescription: fault?.message ?? (answer.status === 204 ? 'No Content' : 'OK'),
    };
    if (fault) properties.errorCondition = fault.condition;
    this.client.reply(request.reply_to, {
      correlation_id: request.message_id,
      application_properties: properties,
      body: answer.body ?? {},
    });
  }

  onClose(): void {}

  private schedule(body: Body): Answer {
    const target = this.namespace.sendTarget(this.entityPath);
    const sequenceNumbers = listOf(body.messages).map((entry) => {
      const record = decodeMessage(Buffer.from((entry as Body).message as Buffer));
      const at = record.fields.message_annotations?.[SCHEDULED_ENQUEUE_TIME];
      if (record.size > target.settings.maxMessageSizeBytes) {
        throw new ServiceBusFault(
          Conditions.messageSizeExceeded,
          `The scheduled message (size ${record.size} bytes) exceeds the limit of '${target.path}'.`,
        );
      }
      return target.schedule(record, at instanceof Date ? at : new Date());
    });
    return { status: 200, body: { 'sequence-numbers': types.wrap_array(sequenceNumbers, LONG_ARRAY) } };
  }

  private cancelScheduled(body: Body): Answer {
    const target = this.namespace.sendTarget(this.entityPath);
    for (const sequenceNumber of listOf(body['sequence-numbers'])) target.cancel(numberOf(sequenceNumber));
    return { status: 200 };
  }

  private peek(body: Body): Answer {
    const { entity, queue } = this.namespace.receiveSource(this.entityPath);
    const from = numberOf(body['from-sequence-number'] ?? 1);
    const count = numberOf(body['message-count'] ?? 1);
    const sessionId = optionalString(body['session-id']);
    const found = entity.peek(queue, from, count, sessionId);
    if (found.length === 0) return { status: 204 };
    return { status: 200, body: { messages: found.map((stored) => ({ message: encode(stored) })) } };
  }

  private renewLock(body: Body): Answer {
    const { entity } = this.namespace.receiveSource(this.entityPath);
    const expirations = listOf(body['lock-tokens']).map((token) => entity.renewLock(tokenOf(token)));
    return { status: 200, body: { expirations: types.wrap_array(expirations, TIMESTAMP_ARRAY) } };
  }

  private receiveBySequenceNumber(body: Body): Answer {
    const { entity, queue } = this.namespace.receiveSource(this.entityPath);
    const sequenceNumbers = listOf(body['sequence-numbers']).map(numberOf);
    const sessionId = optionalString(body['session-id']);
    const receiveAndDelete = numberOf(body['receiver-settle-mode'] ?? 1) === 0;
    const found = entity.receiveDeferred(queue, sequenceNumbers, this, sessionId);
    const messages = found.map((stored) => {
      const entry: Body = { message: encode(stored) };
      if (receiveAndDelete) entity.complete(stored.lock!.token);
      else entry['lock-token'] = types.wrap_uuid(uuidOfLockToken(stored.lock!.token));
      return entry;
    });
    return { status: 200, body: { messages } };
  }

  private updateDisposition(body: Body): Answer {
    const { entity } = this.namespace.receiveSource(this.entityPath);
    const status = String(body['disposition-status']);
    const properties = (body['properties-to-modify'] ?? {}) as Record<string, unknown>;
    for (const raw of listOf(body['lock-tokens'])) {
      const token = tokenOf(raw);
      if (status === 'completed') entity.complete(token);
      else if (status === 'abandoned') entity.abandon(token, properties);
      else if (status === 'defered') entity.defer(token, properties);
      else if (status === 'suspended') {
        entity.deadLetter(
          token,
          optionalString(body['deadletter-reason']),
          optionalString(body['deadletter-description']),
          properties,
        );
      } else throw new ServiceBusFault(Conditions.argument, `Unknown disposition status '${status}'.`);
    }
    return { status: 200 };
  }

  private renewSessionLock(body: Body): Answer {
    const { entity } = this.namespace.receiveSource(this.entityPath);
    return { status: 200, body: { expiration: entity.sessions.renew(requiredString(body['session-id'])) } };
  }

  private getSessionState(body: Body): Answer {
    const { entity } = this.namespace.receiveSource(this.entityPath);
    const state = entity.sessions.getState(requiredString(body['session-id']));
    return { status: 200, body: { 'session-state': state === undefined ? null : types.wrap_binary(state) } };
  }

  private setSessionState(body: Body): Answer {
    const { entity } = this.namespace.receiveSource(this.entityPath);
    const state = body['session-state'];
    entity.sessions.setState(
      requiredString(body['session-id']),
      state === null || state === undefined ? undefined : Buffer.from(state as Buffer),
    );
    return { status: 200 };
  }

  private listSessions(body: Body): Answer {
    const { entity } = this.namespace.receiveSource(this.entityPath);
    const since = body['last-updated-time'] instanceof Date ? body['last-updated-time'].getTime() : 0;
    const skip = numberOf(body.skip ?? 0);
    const top = numberOf(body.top ?? Number.MAX_SAFE_INTEGER);
    const ids = entity.sessions.withState(since).slice(skip, skip + top);
    if (ids.length === 0) return { status: 204 };
    return { status: 200, body: { skip: types.wrap_int(skip), 'sessions-ids': ids } };
  }
}

function encode(stored: StoredMessage): Buffer {
  return encodeStored(stored, stored.lock ? { lockedUntil: stored.lock.until } : {});
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  throw new ServiceBusFault(Conditions.argument, 'A list was expected in the request body.');
}

/** AMQP longs arrive as numbers, or as 8 bytes when they do not fit a double exactly. */
function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value) && value.length === 8) return Number(value.readBigInt64BE());
  throw new ServiceBusFault(Conditions.argument, `A number was expected, got ${String(value)}.`);
}

function tokenOf(value: unknown): string {
  if (Buffer.isBuffer(value) && value.length === 16) return lockTokenOfUuid(value);
  if (typeof value === 'string') return value;
  throw new ServiceBusFault(Conditions.argument, 'A lock token (uuid) was expected.');
}

function optionalString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function requiredString(value: unknown): string {
  const text = optionalString(value);
  if (text === undefined) throw new ServiceBusFault(Conditions.argument, 'session-id is required.');
  return text;
}
