import type { MessageContract } from '../contracts/define-message.js';
import { jsonSerializer, type Serializer } from '../contracts/serializer.js';
import type { Topology } from '../topology/topology.js';
import type { Transport } from '../transport/transport.js';

/** What the AsyncAPI generator reads from a bus. */
export interface AsyncApiSource {
  readonly service: string;
  readonly transport: Transport;
  readonly topology: Topology;
  /** The serializer's content type. */
  readonly contentType: string;
  /** The contracts of `publishes` (some may be declared by type and topic only). */
  readonly publishes: readonly Pick<MessageContract, 'type' | 'topic'>[];
  /** The contracts the bus's endpoints handle. */
  readonly handles: readonly MessageContract<unknown, unknown>[];
}

/** How a bus hands its AsyncApiSource to the generator without widening its public API. */
export const asyncApiSourceOf: unique symbol = Symbol('pragmatic-messaging.asyncApiSource');

export interface AsyncApiDescribable {
  [asyncApiSourceOf](): AsyncApiSource;
}

/** What the source reads of an endpoint: the contracts of its handlers. */
interface HandlingEndpoint {
  readonly handlers: ReadonlyMap<string, { readonly contract: MessageContract<unknown, unknown> }>;
}

/** A bus's source: its contracts from `publishes` and from its endpoints' handlers. */
export function asyncApiSourceOfBus(
  bus: Pick<AsyncApiSource, 'service' | 'transport'>,
  options: {
    readonly publishes?: readonly Pick<MessageContract, 'type' | 'topic'>[];
    readonly serializer?: Serializer;
  },
  topology: Topology,
  endpoints: readonly HandlingEndpoint[],
): AsyncApiSource {
  return {
    service: bus.service,
    transport: bus.transport,
    topology,
    contentType: (options.serializer ?? jsonSerializer).contentType,
    publishes: options.publishes ?? [],
    handles: endpoints.flatMap((endpoint) => [...endpoint.handlers.values()].map(({ contract }) => contract)),
  };
}
