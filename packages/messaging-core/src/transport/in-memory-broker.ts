import type { TransportMessage } from '../contracts/transport-message.js';
import { ConfigurationError, PublishError } from '../errors.js';
import type { EndpointTopology, Topology } from '../topology/topology.js';
import { partitionOf } from './partition-of.js';

interface QueuedMessage {
  readonly message: TransportMessage;
  readonly sequence: number;
  redelivered: boolean;
}

/** A consumer attached to an endpoint queue; `deliver` hands it a message, `owner` says which transport it is. */
export interface InMemoryConsumer {
  readonly owner: object;
  readonly concurrency: number;
  inFlight: number;
  deliver(entry: { message: TransportMessage; redelivered: boolean }, settle: InMemorySettle): void;
}

/** The settlement verbs of one in-memory delivery; each returns false when the delivery was already void. */
export interface InMemorySettle {
  ack(): boolean;
  requeue(): boolean;
  removeAnd(then: () => void): boolean;
}

class EndpointQueue {
  readonly partitions: QueuedMessage[][];
  readonly deadLetters: TransportMessage[] = [];
  readonly consumers: InMemoryConsumer[] = [];
  /** Which partitions have a message out for handling (ordered endpoints handle one at a time per partition). */
  readonly busyPartitions = new Set<number>();
  private roundRobin = 0;

  constructor(public topology: EndpointTopology) {
    this.partitions = Array.from({ length: topology.partitions ?? 1 }, () => []);
  }

  get ordered(): boolean {
    return this.topology.partitions !== undefined;
  }

  partitionFor(message: TransportMessage): number {
    return this.partitions.length === 1 ? 0 : partitionOf(message.key ?? message.id, this.partitions.length);
  }

  /** Competing consumers take turns; on ordered endpoints the first live consumer owns every partition. */
  nextConsumer(): InMemoryConsumer | undefined {
    if (this.ordered) {
      const owner = this.consumers[0];
      return owner && owner.inFlight < owner.concurrency ? owner : undefined;
    }
    for (let tried = 0; tried < this.consumers.length; tried++) {
      const consumer = this.consumers[(this.roundRobin + tried) % this.consumers.length]!;
      if (consumer.inFlight < consumer.concurrency) {
        this.roundRobin = (this.roundRobin + tried + 1) % this.consumers.length;
        return consumer;
      }
    }
    return undefined;
  }
}

/**
 * A broker that lives in this process: topics, endpoint queues, partitions, delayed redelivery and dead-letter
 * queues. Several in-memory transports (one per service or per simulated instance) share one broker.
 * Messages live as long as the process does.
 */
export class InMemoryBroker {
  private readonly topics = new Set<string>();
  private readonly queues = new Map<string, EndpointQueue>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Deliveries handed out and not yet settled, so a crashed consumer's messages can be returned. */
  private readonly held = new Map<InMemorySettle, InMemoryConsumer>();
  private sequence = 0;

  provision(topology: Topology): void {
    for (const topic of topology.topics) this.topics.add(topic.name);
    for (const endpoint of topology.endpoints) {
      for (const subscription of endpoint.subscriptions) this.topics.add(subscription.topic);
      const existing = this.queues.get(endpoint.name);
      if (!existing) {
        this.queues.set(endpoint.name, new EndpointQueue(endpoint));
      } else if ((existing.topology.partitions ?? 1) !== (endpoint.partitions ?? 1)) {
        throw new ConfigurationError(
          `Endpoint "${endpoint.name}" exists with ${existing.topology.partitions ?? 1} partition(s); cannot change it to ${endpoint.partitions ?? 1} while it exists`,
        );
      } else {
        // Same endpoint declared again (another instance, a second provision): keep its messages, merge bindings.
        existing.topology = mergeSubscriptions(existing.topology, endpoint);
      }
    }
  }

  hasTopic(topic: string): boolean {
    return this.topics.has(topic);
  }

  /** Route every message or none: a batch with one unroutable message is rejected whole. */
  publish(messages: readonly TransportMessage[]): void {
    const routes = messages.map((message) => ({ message, queues: this.routeOf(message) }));
    for (const { message, queues } of routes) {
      for (const queue of queues) this.enqueue(queue, message, false);
    }
    this.pumpAll();
  }

  private routeOf(message: TransportMessage): EndpointQueue[] {
    if (!this.topics.has(message.topic)) {
      throw new PublishError(
        `Cannot publish "${message.type}": topic "${message.topic}" does not exist (provision it first)`,
        { retryable: true, scope: 'message' },
      );
    }
    const queues = [...this.queues.values()].filter((queue) =>
      queue.topology.subscriptions.some(
        (subscription) =>
          subscription.topic === message.topic && subscription.messageTypes.includes(message.type),
      ),
    );
    if (queues.length === 0 && message.mandatory) {
      throw new PublishError(
        `Message "${message.type}" on topic "${message.topic}" was unroutable: no endpoint is subscribed to it`,
        { retryable: true, scope: 'message' },
      );
    }
    return queues;
  }

  private queue(endpoint: string): EndpointQueue {
    const queue = this.queues.get(endpoint);
    if (!queue) throw new ConfigurationError(`Endpoint "${endpoint}" does not exist on the in-memory broker`);
    return queue;
  }

  private enqueue(queue: EndpointQueue, message: TransportMessage, atHead: boolean, sequence?: number): void {
    const entry: QueuedMessage = { message, sequence: sequence ?? this.sequence++, redelivered: atHead };
    const partition = queue.partitions[queue.partitionFor(message)]!;
    if (atHead) {
      // Keep the original relative order of messages that come back together.
      const position = partition.findIndex((queued) => queued.sequence > entry.sequence);
      partition.splice(position === -1 ? partition.length : position, 0, entry);
    } else {
      partition.push(entry);
    }
  }

  sendToEndpoint(endpoint: string, message: TransportMessage, delayMs = 0): void {
    const queue = this.queue(endpoint);
    if (delayMs <= 0) {
      this.enqueue(queue, message, false);
      this.pump(queue);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.enqueue(queue, message, false);
      this.pump(queue);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  deadLetters(endpoint: string): TransportMessage[] {
    return this.queue(endpoint).deadLetters;
  }

  attach(endpoint: string, consumer: InMemoryConsumer): void {
    this.queue(endpoint).consumers.push(consumer);
    this.pump(this.queue(endpoint));
  }

  detach(endpoint: string, consumer: InMemoryConsumer): void {
    const queue = this.queues.get(endpoint);
    if (!queue) return;
    queue.consumers.splice(queue.consumers.indexOf(consumer), 1);
    if (queue.topology.temporary && queue.consumers.length === 0) this.queues.delete(endpoint);
    else this.pump(queue);
  }

  private pumpAll(): void {
    for (const queue of this.queues.values()) this.pump(queue);
  }

  private pump(queue: EndpointQueue): void {
    for (let partition = 0; partition < queue.partitions.length; partition++) {
      const messages = queue.partitions[partition]!;
      while (messages.length > 0) {
        if (queue.ordered && queue.busyPartitions.has(partition)) break;
        const consumer = queue.nextConsumer();
        if (!consumer) return;
        this.hand(queue, partition, messages.shift()!, consumer);
      }
    }
  }

  private hand(
    queue: EndpointQueue,
    partition: number,
    entry: QueuedMessage,
    consumer: InMemoryConsumer,
  ): void {
    let settled = false;
    consumer.inFlight++;
    if (queue.ordered) queue.busyPartitions.add(partition);
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      this.held.delete(settle);
      consumer.inFlight--;
      queue.busyPartitions.delete(partition);
      return true;
    };
    const settle: InMemorySettle = {
      ack: () => {
        if (!finish()) return false;
        this.pump(queue);
        return true;
      },
      requeue: () => {
        if (!finish()) return false;
        this.enqueue(queue, entry.message, true, entry.sequence);
        this.pump(queue);
        return true;
      },
      removeAnd: (then) => {
        if (!finish()) return false;
        then();
        this.pump(queue);
        return true;
      },
    };
    this.held.set(settle, consumer);
    consumer.deliver({ message: entry.message, redelivered: entry.redelivered }, settle);
  }

  /** Give back every unsettled delivery held by consumers of `owner`, as a broker does when a connection dies. */
  returnUnsettled(owner: object): void {
    for (const [settle, consumer] of [...this.held]) {
      if (consumer.owner === owner) settle.requeue();
    }
  }

  /** Forget every topic, queue and pending delayed message (tests). */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.topics.clear();
    this.queues.clear();
  }
}

function mergeSubscriptions(existing: EndpointTopology, added: EndpointTopology): EndpointTopology {
  const byTopic = new Map<string, Set<string>>();
  for (const subscription of [...existing.subscriptions, ...added.subscriptions]) {
    const types = byTopic.get(subscription.topic) ?? new Set<string>();
    for (const type of subscription.messageTypes) types.add(type);
    byTopic.set(subscription.topic, types);
  }
  return {
    ...added,
    subscriptions: [...byTopic].map(([topic, types]) => ({ topic, messageTypes: [...types] })),
  };
}
