import type { EndpointTopology, Topology } from '@pragmatic-messaging/core';
import type { RabbitMqQueueType } from './rabbitmq-transport-options.js';
import { PARTITION_KEY_HEADER, type ResourceNames } from './resource-names.js';

export type AmqpArguments = Record<string, string | number | boolean>;

export interface ExchangeDeclaration {
  readonly name: string;
  readonly type: 'topic' | 'fanout' | 'x-consistent-hash';
  readonly durable: boolean;
  readonly arguments: AmqpArguments;
}

export interface QueueDeclaration {
  readonly name: string;
  readonly durable: boolean;
  readonly autoDelete: boolean;
  readonly arguments: AmqpArguments;
}

export interface BindingDeclaration {
  /** A queue, or an exchange for exchange-to-exchange bindings. */
  readonly destination: { readonly kind: 'queue' | 'exchange'; readonly name: string };
  readonly source: string;
  readonly pattern: string;
}

/** Every exchange, queue and binding a topology needs, in declaration order. */
export interface TopologyPlan {
  readonly exchanges: readonly ExchangeDeclaration[];
  readonly queues: readonly QueueDeclaration[];
  readonly bindings: readonly BindingDeclaration[];
}

/** Where a message must be published to reach one endpoint only (retries and replays). */
export interface EndpointEntry {
  readonly exchange: string;
  readonly routingKey: string;
}

// A temporary endpoint's retry queues have no consumer, so they expire this long after their last use.
const TEMPORARY_RETRY_QUEUE_GRACE_MS = 60_000;

export function endpointEntry(names: ResourceNames, endpoint: string, partitioned: boolean): EndpointEntry {
  return partitioned
    ? { exchange: names.partitionExchange(endpoint), routingKey: '' }
    : { exchange: '', routingKey: names.endpointQueue(endpoint) };
}

/** The queues an endpoint's consumers read from: one, or one per partition. */
export function consumedQueues(names: ResourceNames, endpoint: EndpointTopology): string[] {
  if (endpoint.partitions === undefined) return [names.endpointQueue(endpoint.name)];
  return Array.from({ length: endpoint.partitions }, (_, index) =>
    names.partitionQueue(endpoint.name, index),
  );
}

export function planTopology(
  topology: Topology,
  names: ResourceNames,
  queueType: RabbitMqQueueType,
): TopologyPlan {
  const exchanges = new Map<string, ExchangeDeclaration>();
  const queues: QueueDeclaration[] = [];
  const bindings: BindingDeclaration[] = [];
  const addTopic = (topic: string) =>
    exchanges.set(names.topicExchange(topic), {
      name: names.topicExchange(topic),
      type: 'topic',
      durable: true,
      arguments: {},
    });
  for (const topic of topology.topics) addTopic(topic.name);
  for (const endpoint of topology.endpoints) {
    for (const subscription of endpoint.subscriptions) addTopic(subscription.topic);
    const plan = planEndpoint(endpoint, names, queueType);
    for (const exchange of plan.exchanges) exchanges.set(exchange.name, exchange);
    queues.push(...plan.queues);
    bindings.push(...plan.bindings);
  }
  return { exchanges: [...exchanges.values()], queues, bindings };
}

function planEndpoint(endpoint: EndpointTopology, names: ResourceNames, queueType: RabbitMqQueueType) {
  const exchanges: ExchangeDeclaration[] = [];
  const queues: QueueDeclaration[] = [];
  const bindings: BindingDeclaration[] = [];
  const partitioned = endpoint.partitions !== undefined;
  const { temporary } = endpoint;
  // Quorum queues must be durable, so temporary endpoints always use classic queues.
  const typeArgument: AmqpArguments = { 'x-queue-type': temporary ? 'classic' : queueType };
  const deadLetter = names.deadLetter(endpoint.name);
  const mainArguments: AmqpArguments = temporary
    ? typeArgument
    : { ...typeArgument, 'x-dead-letter-exchange': deadLetter };
  const subscribe = (destination: BindingDeclaration['destination']) => {
    for (const subscription of endpoint.subscriptions) {
      for (const type of subscription.messageTypes) {
        bindings.push({ destination, source: names.topicExchange(subscription.topic), pattern: type });
      }
    }
  };
  if (partitioned) {
    const hash = names.partitionExchange(endpoint.name);
    exchanges.push({
      name: hash,
      type: 'x-consistent-hash',
      durable: !temporary,
      arguments: { 'hash-header': PARTITION_KEY_HEADER },
    });
    subscribe({ kind: 'exchange', name: hash });
    for (const queue of consumedQueues(names, endpoint)) {
      queues.push({
        name: queue,
        durable: !temporary,
        autoDelete: temporary,
        arguments: { ...mainArguments, 'x-single-active-consumer': true },
      });
      // For the consistent-hash exchange the binding key is the partition's weight.
      bindings.push({ destination: { kind: 'queue', name: queue }, source: hash, pattern: '1' });
    }
  } else {
    const queue = names.endpointQueue(endpoint.name);
    queues.push({ name: queue, durable: !temporary, autoDelete: temporary, arguments: mainArguments });
    subscribe({ kind: 'queue', name: queue });
  }
  const entry = endpointEntry(names, endpoint.name, partitioned);
  for (const delayMs of new Set(endpoint.retryDelays)) {
    queues.push(retryQueueDeclaration(names, endpoint.name, delayMs, entry, temporary, queueType));
  }
  if (!temporary) {
    exchanges.push({ name: deadLetter, type: 'fanout', durable: true, arguments: {} });
    queues.push({ name: deadLetter, durable: true, autoDelete: false, arguments: typeArgument });
    bindings.push({ destination: { kind: 'queue', name: deadLetter }, source: deadLetter, pattern: '' });
  }
  return { exchanges, queues, bindings };
}

/** A queue nobody consumes: messages wait `delayMs`, then the broker dead-letters them back to the endpoint. */
export function retryQueueDeclaration(
  names: ResourceNames,
  endpoint: string,
  delayMs: number,
  entry: EndpointEntry,
  temporary: boolean,
  queueType: RabbitMqQueueType,
): QueueDeclaration {
  const args: AmqpArguments = {
    'x-queue-type': temporary ? 'classic' : queueType,
    'x-message-ttl': delayMs,
    'x-dead-letter-exchange': entry.exchange,
  };
  if (entry.routingKey) args['x-dead-letter-routing-key'] = entry.routingKey;
  if (temporary) args['x-expires'] = delayMs + TEMPORARY_RETRY_QUEUE_GRACE_MS;
  return {
    name: names.retryQueue(endpoint, delayMs),
    durable: !temporary,
    autoDelete: false,
    arguments: args,
  };
}

function formatArguments(args: AmqpArguments): string {
  const entries = Object.entries(args);
  // An empty string names the default exchange; print it visibly.
  const text = (value: string | number | boolean) => (value === '' ? '""' : String(value));
  return entries.length === 0
    ? ''
    : ` {${entries.map(([name, value]) => `${name}: ${text(value)}`).join(', ')}}`;
}

/** The plan as `describe()` prints it: one line per exchange, queue and binding. */
export function describePlan(plan: TopologyPlan): string {
  const lines = ['Exchanges:'];
  for (const exchange of plan.exchanges) {
    lines.push(
      `  ${exchange.name} (${exchange.type}${exchange.durable ? ', durable' : ''})${formatArguments(exchange.arguments)}`,
    );
  }
  lines.push('Queues:');
  for (const queue of plan.queues) {
    const flags = [queue.durable ? 'durable' : 'transient', ...(queue.autoDelete ? ['auto-delete'] : [])];
    lines.push(`  ${queue.name} (${flags.join(', ')})${formatArguments(queue.arguments)}`);
  }
  lines.push('Bindings:');
  for (const binding of plan.bindings) {
    lines.push(
      `  ${binding.source} --[${binding.pattern}]--> ${binding.destination.kind} ${binding.destination.name}`,
    );
  }
  return lines.join('\n');
}
