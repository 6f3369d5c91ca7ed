import type { MessageContract } from '../contracts/define-message.js';
import { ConfigurationError } from '../errors.js';
import type { EndpointTopology, Topology } from './topology.js';

/** What the topology reads of an endpoint declared on a bus. */
export interface DeclaredEndpoint {
  readonly name: string;
  readonly options: {
    readonly partitions?: number | undefined;
    readonly concurrency?: number | undefined;
    readonly prefetch?: number | undefined;
    readonly temporary?: boolean | undefined;
  };
  readonly handlers: ReadonlyMap<string, { readonly contract: Pick<MessageContract, 'type' | 'topic'> }>;
}

/**
 * An endpoint's neutral topology: one subscription per topic its handlers' contracts travel on, its concurrency and
 * prefetch with their defaults (`retryDelays` is asked last, after
 * the endpoint's own settings are checked). Settings that cannot work fail here, naming the endpoint and the fix.
 */
export function endpointTopologyOf(
  service: string,
  endpoint: DeclaredEndpoint,
  retryDelays: () => readonly number[],
): EndpointTopology {
  const { options } = endpoint;
  if (endpoint.handlers.size === 0) {
    throw new ConfigurationError(
      `Endpoint "${endpoint.name}" has no handlers; add one with .on(Contract, handler)`,
    );
  }
  const partitions = options.partitions;
  if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000)) {
    throw new ConfigurationError(
      `Endpoint "${endpoint.name}": partitions must be a whole number from 1 to 1000`,
    );
  }
  const concurrency = options.concurrency ?? partitions ?? 8;
  const prefetch = options.prefetch ?? concurrency * 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigurationError(`Endpoint "${endpoint.name}": concurrency must be a whole number ≥ 1`);
  }
  if (!Number.isInteger(prefetch) || prefetch < concurrency) {
    throw new ConfigurationError(
      `Endpoint "${endpoint.name}": prefetch (${prefetch}) must be a whole number ≥ concurrency (${concurrency})`,
    );
  }
  const byTopic = new Map<string, string[]>();
  for (const { contract } of endpoint.handlers.values()) {
    byTopic.set(contract.topic, [...(byTopic.get(contract.topic) ?? []), contract.type]);
  }
  return {
    name: endpoint.name,
    service,
    subscriptions: [...byTopic].map(([topic, messageTypes]) => ({
      topic,
      messageTypes: messageTypes.sort(),
    })),
    partitions,
    retryDelays: retryDelays(),
    concurrency,
    prefetch,
    temporary: options.temporary ?? false,
  };
}

/** A bus's topology: the topics it publishes to and those its endpoints subscribe to, with their message types. */
export function busTopology(
  publishes: readonly Pick<MessageContract, 'type' | 'topic'>[],
  endpoints: readonly EndpointTopology[],
): Topology {
  const topics = new Map<string, Set<string>>();
  const add = (topic: string, type: string) => topics.set(topic, (topics.get(topic) ?? new Set()).add(type));
  for (const contract of publishes) add(contract.topic, contract.type);
  for (const endpoint of endpoints) {
    for (const subscription of endpoint.subscriptions) {
      for (const type of subscription.messageTypes) add(subscription.topic, type);
    }
  }
  return {
    topics: [...topics].map(([name, types]) => ({ name, messageTypes: [...types].sort() })),
    endpoints,
  };
}
