import type { MessageContract } from '../contracts/define-message.js';
import type { MessageHeaders } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import type { Logger } from '../observability/logger.js';
import type { PublishOptions } from '../pipeline/produce-context.js';

export type Publish = <Input, Output>(
  contract: MessageContract<Input, Output>,
  message: Input,
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
  /** Per-delivery state that middlewares expose to handlers (the unit of work's transaction, for one). */
  readonly items: ReadonlyMap<string | symbol, unknown>;
}

export type MessageHandler<Message> = (message: Message, context: HandlerContext) => Promise<void> | void;
