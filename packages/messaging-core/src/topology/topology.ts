/**
 * The broker-neutral description of what a service needs on the broker. Built by the bus from its contracts and
 * endpoints; each transport realises it with its own resources (exchanges and queues, topics and consumer groups,
 * topics and subscriptions) and can print that mapping.
 */
export interface Topology {
  readonly topics: readonly TopicTopology[];
  readonly endpoints: readonly EndpointTopology[];
}

export interface TopicTopology {
  readonly name: string;
  /** The message types known to travel on this topic (from the contracts this process knows). */
  readonly messageTypes: readonly string[];
}

export interface EndpointSubscription {
  readonly topic: string;
  readonly messageTypes: readonly string[];
}

export interface EndpointTopology {
  /** Unique on the broker; instances of one service that use the same name compete for its messages. */
  readonly name: string;
  /** The service that owns the endpoint. */
  readonly service: string;
  readonly subscriptions: readonly EndpointSubscription[];
  /**
   * Set for ordered endpoints: messages are spread over this many partitions by key, each handled by one
   * consumer at a time, so messages with the same key are handled in order. Undefined: unordered.
   */
  readonly partitions?: number | undefined;
  /** Delays (ms) of the delayed retries, for transports that create one resource per delay in advance. */
  readonly retryDelays: readonly number[];
  /** At most this many messages handled at once by one instance. */
  readonly concurrency: number;
  /** At most this many unacknowledged messages buffered by one instance (≥ concurrency). */
  readonly prefetch: number;
  /**
   * A temporary endpoint lives only as long as its consumer (per-instance queues for broadcast signals such as
   * anomaly synchronisation). It gets no dead-letter queue and is deleted by the broker when unused.
   */
  readonly temporary: boolean;
}

export function mergeTopologies(...topologies: Topology[]): Topology {
  const topics = new Map<string, Set<string>>();
  const endpoints = new Map<string, EndpointTopology>();
  for (const topology of topologies) {
    for (const topic of topology.topics) {
      const types = topics.get(topic.name) ?? new Set<string>();
      for (const type of topic.messageTypes) types.add(type);
      topics.set(topic.name, types);
    }
    for (const endpoint of topology.endpoints) endpoints.set(endpoint.name, endpoint);
  }
  return {
    topics: [...topics].map(([name, types]) => ({ name, messageTypes: [...types].sort() })),
    endpoints: [...endpoints.values()],
  };
}

function formatDelays(delays: readonly number[]): string {
  return delays.length === 0 ? 'none' : delays.map((delay) => `${delay}ms`).join(', ');
}

/** A readable, stable listing of the neutral topology (what `topology.describe()` prints). */
export function describeTopology(topology: Topology): string {
  const lines: string[] = ['Topics:'];
  for (const topic of topology.topics) {
    lines.push(`  ${topic.name}  [${topic.messageTypes.join(', ') || 'no known types'}]`);
  }
  lines.push('Endpoints:');
  for (const endpoint of topology.endpoints) {
    const ordering = endpoint.partitions
      ? `ordered by key over ${endpoint.partitions} partition(s)`
      : 'unordered';
    lines.push(
      `  ${endpoint.name} (service ${endpoint.service}; ${ordering}${endpoint.temporary ? '; temporary' : ''})`,
    );
    for (const subscription of endpoint.subscriptions) {
      lines.push(`    <- ${subscription.topic}: ${subscription.messageTypes.join(', ')}`);
    }
    lines.push(
      `    concurrency ${endpoint.concurrency}, prefetch ${endpoint.prefetch}, delayed retries: ${formatDelays(endpoint.retryDelays)}`,
    );
  }
  return lines.join('\n');
}
