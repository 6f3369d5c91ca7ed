import type { Context } from '@opentelemetry/api';
import type { MessageContract } from '../contracts/define-message.js';
import { Headers, type MessageHeaders } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import type { Logger } from '../observability/logger.js';
import type { Delivery } from '../transport/transport.js';
import type { MessageScope } from './message-scope.js';

/** What the consume pipeline knows about one delivery as it moves through the middleware. */
export interface ConsumeContext {
  readonly service: string;
  readonly endpoint: string;
  readonly transport: string;
  readonly delivery: Delivery;
  readonly envelope: TransportMessage;
  readonly headers: MessageHeaders;
  readonly attempt: number;
  readonly logger: Logger;
  /** Set by the decode step. */
  body?: unknown;
  /** Set when the endpoint has a handler for the type. */
  contract?: MessageContract<unknown, unknown>;
  /** The validated message, set by the validate step. */
  message?: unknown;
  /** Set by middleware that decide the message needs no handling (duplicate, stale version, unknown type). */
  skipped?: { readonly reason: string };
  /** Free-form state shared between middlewares of one delivery. */
  readonly items: Map<string | symbol, unknown>;
  /** The causal scope of this delivery; what the handler publishes through its context inherits it. */
  scope?: MessageScope;
}

/**
 * Where in the consume pipeline a middleware runs:
 * - `received`: before decoding (raw envelope), once per delivery;
 * - `validated`: after validation, once per delivery, outside immediate retries;
 * - `handler`: around the handler, once per try (immediate retries run it again).
 */
export type ConsumeStage = 'received' | 'validated' | 'handler';

/**
 * The consume pipeline's context for one delivery. One object per delivery, which is its message scope as well
 * (what is published while handling it inherits from it); its `items` map is made only when a step asks for it
 * (on an endpoint without a store, most deliveries never do).
 */
export class DeliveryContext implements ConsumeContext, MessageScope {
  readonly headers: MessageHeaders;
  readonly attempt: number;
  body?: unknown;
  contract?: MessageContract<unknown, unknown>;
  message?: unknown;
  skipped?: { readonly reason: string };
  scope?: MessageScope;
  readonly messageId: string;
  readonly correlationId: string;
  traceContext: Context | undefined;
  private itemsMap: Map<string | symbol, unknown> | undefined;

  constructor(
    readonly service: string,
    readonly endpoint: string,
    readonly transport: string,
    readonly delivery: Delivery,
    readonly envelope: TransportMessage,
    readonly logger: Logger,
  ) {
    this.headers = envelope.headers;
    this.attempt = delivery.attempt;
    this.messageId = envelope.id;
    this.correlationId = envelope.headers[Headers.correlationId] ?? envelope.id;
    this.traceContext = undefined;
    this.scope = this;
  }

  get items(): Map<string | symbol, unknown> {
    this.itemsMap ??= new Map();
    return this.itemsMap;
  }
}
