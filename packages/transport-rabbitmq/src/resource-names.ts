/**
 * The broker names of everything the transport creates, in one place so provisioning, consuming, retrying,
 * dead-letter management and `describe()` can never disagree.
 */
export class ResourceNames {
  constructor(private readonly prefix: string) {}

  /** The durable topic exchange a topic travels on; messages are routed by their type. */
  topicExchange(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  /** The queue of an unordered endpoint. */
  endpointQueue(endpoint: string): string {
    return `${this.prefix}${endpoint}`;
  }

  /** The `x-consistent-hash` exchange that spreads an ordered endpoint's messages over its partitions by key. */
  partitionExchange(endpoint: string): string {
    return `${this.prefix}${endpoint}.partitions`;
  }

  /** `partition` is a number, or the `{partition}` placeholder of the AsyncAPI address of all of them. */
  partitionQueue(endpoint: string, partition: number | '{partition}'): string {
    return `${this.prefix}${endpoint}.partition-${partition}`;
  }

  retryQueue(endpoint: string, delayMs: number): string {
    return `${this.prefix}${endpoint}.retry-${delayMs}ms`;
  }

  /** Both the dead-letter exchange and the dead-letter queue of an endpoint carry this name. */
  deadLetter(endpoint: string): string {
    return `${this.prefix}${endpoint}.dead-letter`;
  }
}

/** Header the consistent-hash exchange hashes on: the message key (or its id when it has none). */
export const PARTITION_KEY_HEADER = 'pm-partition-key';
