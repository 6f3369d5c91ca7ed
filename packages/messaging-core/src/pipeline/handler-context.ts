import type { MessageContract } from '../contracts/define-message.js';
import type { MessageHeaders } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import type { Logger } from '../observability/logger.js';
import type { PublishOptions } from '../pipeline/produce-context.js';
import type { StoreTransaction } from '../stores/message-store.js';

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
