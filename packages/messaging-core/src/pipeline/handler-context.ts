import type { MessageContract } from '../contracts/define-message.js';
import { Headers, type MessageHeaders } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import type { Logger } from '../observability/logger.js';
import type { StoreTransaction } from '../stores/message-store.js';
import type { ConsumeContext, ConsumeStage } from './consume-context.js';
import { HandlerSignal } from './handler-signal.js';
import type { MessageScope } from './message-scope.js';
import type { Middleware } from './middleware.js';
import type { PublishOptions } from './produce-context.js';
import { requireTransaction } from './unit-of-work.js';

export type Publish = <Input, Output>(
  contract: MessageContract<Input, Output>,
  message: NoInfer<Input>,
  options?: PublishOptions,
) => Promise<void>;

/** What a handler gets besides the message itself. */
export interface HandlerContext {
  readonly messageId: string;
  readonly type: string;
  readonly topic: string;
  readonly key: string | undefined;
  readonly endpoint: string;
  readonly headers: Readonly<MessageHeaders>;
  /** 1 on the first delivery, +1 per delayed retry. */
  readonly attempt: number;
  readonly redelivered: boolean;
  readonly correlationId: string;
  readonly envelope: TransportMessage;
  readonly logger: Logger;
  /** Publish as a consequence of this message: correlation and causation ids are set for you. */
  readonly publish: Publish;
  /**
   * The database transaction of this handler run: write your data through it, and it commits together with the
   * inbox record and the outbox rows of what you publish. Throws when the bus has no store.
   */
  readonly tx: StoreTransaction;
  /** Per-delivery state that middlewares share with handlers. */
  readonly items: ReadonlyMap<string | symbol, unknown>;
  /**
   * Aborted when finishing is pointless: the bus stopped waiting at shutdown (`shutdownTimeoutMs`), or the
   * transport lost the delivery (Service Bus lock lost, RabbitMQ channel closed, Kafka consumer closed) and the
   * message will be delivered again. Pass it to fetch, database drivers, timers… Its `reason` says why.
   */
  readonly signal: AbortSignal;
}

export type MessageHandler<Message> = (message: Message, context: HandlerContext) => Promise<void> | void;

export interface RegisteredHandler {
  readonly contract: MessageContract<unknown, unknown>;
  readonly handle: MessageHandler<unknown>;
}

/** Publishes within a scope: what the handler context's `publish` calls. */
export type ScopedPublish = (
  contract: MessageContract<unknown, unknown>,
  message: unknown,
  options: PublishOptions | undefined,
  scope: MessageScope,
) => Promise<void>;

/** What the consume pipeline reads of an endpoint: its name, its handlers by type and its own middleware per stage. */
export interface ConsumingEndpoint {
  readonly name: string;
  readonly handlers: ReadonlyMap<string, RegisteredHandler>;
  readonly middleware: { readonly [Stage in ConsumeStage]: readonly Middleware<ConsumeContext>[] };
}

/**
 * The `ctx` a handler gets: the delivery's envelope, a `publish` in its scope, its transaction and its signal.
 * One object per try; `publish`, `tx` and `signal` are built only when the handler asks for them.
 */
export class DeliveryHandlerContext implements HandlerContext {
  readonly messageId: string;
  readonly type: string;
  readonly topic: string;
  readonly key: string | undefined;
  readonly endpoint: string;
  readonly headers: Readonly<MessageHeaders>;
  readonly attempt: number;
  readonly redelivered: boolean;
  readonly correlationId: string;
  readonly envelope: TransportMessage;
  readonly logger: Logger;
  private boundPublish: Publish | undefined;
  private handlerSignal: HandlerSignal | undefined;

  constructor(
    private readonly context: ConsumeContext,
    private readonly publishIn: ScopedPublish,
    private readonly shutdownSignal: AbortSignal,
  ) {
    const { envelope } = context;
    this.messageId = envelope.id;
    this.type = envelope.type;
    this.topic = envelope.topic;
    this.key = envelope.key;
    this.endpoint = context.endpoint;
    this.headers = envelope.headers;
    this.attempt = context.attempt;
    this.redelivered = context.delivery.redelivered;
    this.correlationId = envelope.headers[Headers.correlationId] ?? envelope.id;
    this.envelope = envelope;
    this.logger = context.logger;
  }

  /** A getter, so that `const { publish } = ctx` works as well as `ctx.publish(…)`. */
  get publish(): Publish {
    if (!this.boundPublish) {
      const { publishIn } = this;
      const scope = this.context.scope!;
      this.boundPublish = (contract, message, options) =>
        publishIn(contract as MessageContract<unknown, unknown>, message, options, scope);
    }
    return this.boundPublish;
  }

  get items(): ReadonlyMap<string | symbol, unknown> {
    return this.context.items;
  }

  get tx(): StoreTransaction {
    return requireTransaction(this.context.items, this.context.endpoint);
  }

  get signal(): AbortSignal {
    const deliverySignal = this.context.delivery.signal;
    if (!deliverySignal) return this.shutdownSignal;
    this.handlerSignal ??= new HandlerSignal(this.shutdownSignal, deliverySignal);
    return this.handlerSignal.signal;
  }

  /** The handler returned: its signal stops listening to the bus's and the delivery's. */
  release(): void {
    this.handlerSignal?.release();
  }
}
