import type { MessageContract } from '../contracts/define-message.js';
import type { MessageHeaders } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import type { MessageScope } from './message-scope.js';

export interface PublishOptions {
  /** Message id; a fresh UUID by default. Set it to make a publish idempotent across process restarts. */
  readonly id?: string;
  /** Extra headers; toolkit headers (correlation, causation, trace, attempt…) are set by the pipeline. */
  readonly headers?: MessageHeaders;
  /** Overrides the contract's key function. */
  readonly key?: string;
  /** Starts a new causal chain under this id when publishing outside a handler (e.g. an HTTP request id). */
  readonly correlationId?: string;
  /**
   * Stops waiting: an aborted signal rejects the publish with its reason. Before the message is handed on
   * (validation, middleware) nothing is sent; once it is with the transport or the outbox, only the waiting
   * stops — the message may still be delivered, as after a timeout.
   */
  readonly signal?: AbortSignal;
}

/** What the produce pipeline knows about one outgoing message as it moves through the middleware. */
export interface ProduceContext {
  readonly service: string;
  readonly contract: MessageContract<unknown, unknown>;
  readonly message: unknown;
  readonly options: PublishOptions;
  readonly id: string;
  /** From `options.key`, else the contract's key function (run after validation). */
  key?: string | undefined;
  readonly timestamp: number;
  /** Mutable until the serialize step runs. */
  readonly headers: MessageHeaders;
  /** Set by the serialize step; what the dispatch step sends or stores. */
  envelope?: TransportMessage;
  readonly items: Map<string | symbol, unknown>;
  /** The message being handled (or transaction) this publish belongs to, if any: correlation, causation, outbox. */
  readonly scope: MessageScope | undefined;
}
