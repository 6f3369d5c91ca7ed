import { assertWireName, type MessageContract } from '../contracts/define-message.js';
import { ConfigurationError, LifecycleError } from '../errors.js';
import type { ConsumeContext, ConsumeStage } from '../pipeline/consume-context.js';
import type { MessageHandler, RegisteredHandler } from '../pipeline/handler-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { RetryPolicy } from '../pipeline/retry-policy.js';
import type { OrderingGuardOptions } from '../reliability/ordering-guard-step.js';

export interface EndpointOptions {
  /** Handle at most this many messages at once in this instance. Default 8 (ordered endpoints: partitions). */
  readonly concurrency?: number;
  /** Buffer at most this many unacknowledged messages. Default 2 × concurrency. */
  readonly prefetch?: number;
  /**
   * Make the endpoint ordered: messages are spread by key over this many partitions, each handled by one
   * consumer at a time, so one key's messages are handled in order.
   */
  readonly partitions?: number;
  /** Overrides the bus's retry policy for this endpoint. */
  readonly retry?: Partial<RetryPolicy>;
  /** A per-instance endpoint deleted when its consumer stops; no dead-letter queue. */
  readonly temporary?: boolean;
  /**
   * Run each handler in a store transaction (unit of work) with the inbox and outbox. Default: true when the bus
   * has a store.
   */
  readonly transactional?: boolean;
  /** Deduplicate by message id on this endpoint. Default: the bus's inbox setting. Needs a transactional endpoint. */
  readonly inbox?: boolean;
  /** Skip stale versions of contracts that define `version(message)`. Needs a transactional endpoint. */
  readonly orderingGuard?: boolean | OrderingGuardOptions;
}

/** A named consumer owned by one service: the message types it handles and how it handles them. */
export class Endpoint {
  readonly handlers = new Map<string, RegisteredHandler>();
  readonly middleware: { readonly [Stage in ConsumeStage]: Middleware<ConsumeContext>[] } = {
    received: [],
    validated: [],
    handler: [],
  };

  constructor(
    readonly name: string,
    readonly options: EndpointOptions,
    private readonly isLocked: () => boolean,
  ) {
    assertWireName('Endpoint', name);
  }

  /** Handle messages of this contract; the handler's message type is inferred from the contract's schema. */
  on<Input, Output>(contract: MessageContract<Input, Output>, handler: MessageHandler<Output>): this {
    this.assertOpen();
    if (this.handlers.has(contract.type)) {
      throw new ConfigurationError(`Endpoint "${this.name}" already has a handler for "${contract.type}"`);
    }
    this.handlers.set(contract.type, {
      contract: contract as MessageContract<unknown, unknown>,
      handle: handler as MessageHandler<unknown>,
    });
    return this;
  }

  use(middleware: Middleware<ConsumeContext>, stage: ConsumeStage = 'handler'): this {
    this.assertOpen();
    this.middleware[stage].push(middleware);
    return this;
  }

  private assertOpen(): void {
    if (this.isLocked()) {
      throw new LifecycleError(
        `Endpoint "${this.name}" cannot change after the bus started; register handlers first`,
      );
    }
  }
}
