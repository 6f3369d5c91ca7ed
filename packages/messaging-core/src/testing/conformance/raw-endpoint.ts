import { randomUUID } from 'node:crypto';
import { Headers } from '../../contracts/headers.js';
import type { TransportMessage } from '../../contracts/transport-message.js';
import type { EndpointTopology, Topology } from '../../topology/topology.js';

/** Where a transport-level message goes: a topic and a message type. */
export interface RawTarget {
  readonly topic: string;
  readonly type: string;
}

/** A transport-level endpoint: its topology, ready for `provision`, and the one topic it subscribes to. */
export interface RawEndpoint extends RawTarget {
  readonly topology: Topology;
  readonly endpoint: EndpointTopology;
}

/** An endpoint subscribed to one topic and type, with the neutral topology that declares both. */
export function rawEndpointOf(
  names: RawTarget & { readonly endpoint: string },
  service: string,
  overrides: Partial<Omit<EndpointTopology, 'name'>> = {},
): RawEndpoint {
  const { topic, type } = names;
  const endpoint: EndpointTopology = {
    name: names.endpoint,
    service,
    subscriptions: [{ topic, messageTypes: [type] }],
    retryDelays: [],
    concurrency: 4,
    prefetch: 8,
    temporary: false,
    ...overrides,
  };
  const types = new Set([
    type,
    ...endpoint.subscriptions.flatMap((subscription) => subscription.messageTypes),
  ]);
  return {
    topology: { topics: [{ name: topic, messageTypes: [...types] }], endpoints: [endpoint] },
    endpoint,
    topic,
    type,
  };
}

/** An envelope as core would send it: JSON body and content type (a first attempt carries no attempt header). */
export function rawMessageOf(target: RawTarget, overrides: Partial<TransportMessage> = {}): TransportMessage {
  return {
    id: randomUUID(),
    type: target.type,
    topic: target.topic,
    key: 'k',
    headers: { [Headers.contentType]: 'application/json' },
    body: new TextEncoder().encode('{}'),
    timestamp: Date.now(),
    ...overrides,
  };
}
