import type { TransportMessage } from '../contracts/transport-message.js';
import type { OutboxEntry } from '../stores/message-store.js';
import type { EndpointTopology } from '../topology/topology.js';
import type { DeliveryHandler } from '../transport/transport.js';
import type { ConsumeContext } from './consume-context.js';
import type { Middleware } from './middleware.js';
import type { ProduceContext } from './produce-context.js';
import type { UnitOfWorkHooks } from './unit-of-work.js';

/**
 * A feature that plugs into a bus (`messaging.extend(…)`, before start) at the points below. Fault injection is
 * one (faults/fault-extension.ts: the bus adds it when given `faults`). The outbox, inbox and ordering guard are
 * built in (reliability/, configured by the bus's options) and plug into the same consume and produce points —
 * steps around every try of a handler, the dispatch of an outgoing message — and they offer the unit-of-work and
 * outbox points below to extensions. Several extensions apply in the order they were added.
 */
export interface MessagingExtension {
  /** Steps run once per try around every handler, outermost first, inside the built-in unit of work and inbox. */
  readonly innerSteps?: (endpoint: EndpointTopology) => readonly Middleware<ConsumeContext>[];
  /** Produce middleware, run before the bus's own `middleware.produce`, before the message is serialized. */
  readonly produceSteps?: readonly Middleware<ProduceContext>[];
  /** Wraps the handler the transport calls for every delivery of an endpoint, around the whole consume pipeline. */
  readonly wrapDeliveries?: (handler: DeliveryHandler, endpoint: EndpointTopology) => DeliveryHandler;
  /** Around every unit of work (a handler's transaction or a `messaging.transaction()` call). */
  readonly unitOfWork?: UnitOfWorkHooks;
  /** Right after a message was written to the outbox, inside its transaction: a throw rolls it back. */
  readonly outboxSaved?: (envelope: TransportMessage, context: ProduceContext) => Promise<void>;
  /** After the relay published outbox rows, before they are marked sent: a throw makes them go out again. */
  readonly outboxPublished?: (entries: readonly OutboxEntry[]) => Promise<void>;
  /**
   * Replaces direct sending outside a unit of work (inside one the outbox takes the message), e.g. to route or
   * batch. Only the first extension that has one is used.
   */
  readonly dispatch?: (
    envelope: TransportMessage,
    context: ProduceContext,
    send: (envelope: TransportMessage) => Promise<void>,
  ) => Promise<void>;
  /** Inbox retention, checked against every endpoint's retry horizon (when the bus's own inbox is off). */
  readonly inboxRetentionMs?: number;
  readonly start?: () => Promise<void>;
  /** Runs after consumers stopped and before the transport closes (flush the outbox…). */
  readonly stop?: () => Promise<void>;
}
