import { randomUUID } from 'node:crypto';
import {
  type DeadLetterQueue,
  type DeliveryHandler,
  type EndpointTopology,
  mergeTopologies,
  PublishError,
  redactUrl,
  type Subscription,
  type Topology,
  type Transport,
  type TransportAsyncApi,
  type TransportCapabilities,
  type TransportHealth,
  type TransportMessage,
  type TransportTelemetry,
} from '@pragmatic-messaging/core';
import type { ChannelModel } from 'amqplib';
import { ConfirmPublisher, type PublishTarget } from './confirm-publisher.js';
import { ConnectionSupervisor } from './connection-supervisor.js';
import { EndpointConsumer } from './endpoint-consumer.js';
import type { EndpointSettlement } from './endpoint-settlement.js';
import { declarePlan } from './provisioner.js';
import { rabbitMqAsyncApi } from './rabbitmq-asyncapi.js';
import { RabbitMqDeadLetterQueue } from './rabbitmq-dead-letter-queue.js';
import { rabbitMqTelemetry } from './rabbitmq-telemetry.js';
import {
  type RabbitMqTransportOptions,
  type ResolvedRabbitMqOptions,
  resolveRabbitMqOptions,
} from './rabbitmq-transport-options.js';
import { ResourceNames } from './resource-names.js';
import {
  consumedQueues,
  describePlan,
  type EndpointEntry,
  endpointEntry,
  planTopology,
  retryQueueDeclaration,
} from './topology-plan.js';
import { amqpCode, withChannel } from './with-channel.js';

const NOT_FOUND = 404;
// RabbitMQ accepts per-queue message TTLs up to 2^32 - 1 ms; stay with what a Node timer can also express.
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The RabbitMQ transport: a topic exchange per topic, a queue per endpoint (or consistent-hash partition queues
 * with single active consumers for ordered endpoints), TTL retry queues and a dead-letter queue per endpoint,
 * publisher confirms, manual acks and automatic recovery. See docs/transports/rabbitmq.md.
 */
export class RabbitMqTransport implements Transport {
  readonly name = 'rabbitmq';
  readonly capabilities: TransportCapabilities;
  readonly telemetry: TransportTelemetry;
  /** The connection name shown by the management UI (`connection_name` client property), unique per instance. */
  readonly connectionName: string;
  private readonly options: ResolvedRabbitMqOptions;
  private readonly names: ResourceNames;
  private readonly supervisor: ConnectionSupervisor;
  private readonly publisher: ConfirmPublisher;
  /** Everything provisioned so far: declared again after every reconnection (the broker may have restarted). */
  private provisioned: Topology = { topics: [], endpoints: [] };
  private readonly knownExchanges = new Set<string>();
  private readonly consumers = new Set<EndpointConsumer>();

  constructor(options: RabbitMqTransportOptions) {
    this.options = resolveRabbitMqOptions(options, randomUUID().slice(0, 8));
    this.connectionName = this.options.connectionName;
    this.names = new ResourceNames(this.options.prefix);
    this.telemetry = rabbitMqTelemetry(this.options.urls[0]!);
    this.capabilities = {
      delayedDelivery: 'retry-queues',
      retryDelaysProvisioned: true,
      deadLetter: 'dead-letter-queue',
      ordering: 'partitioned-queues',
      typeFiltering: 'broker',
      unroutableDetection: true,
      nativeDeduplication: false,
      maxMessageBytes: this.options.maxMessageBytes,
      maxDelayMs: MAX_DELAY_MS,
    };
    this.supervisor = new ConnectionSupervisor(this.options, (model) => this.restoreTopology(model));
    this.publisher = new ConfirmPublisher(this.supervisor, this.options.publishTimeoutMs);
  }

  connect(): Promise<void> {
    return this.supervisor.connect();
  }

  async provision(topology: Topology): Promise<void> {
    const model = await this.connection('provision the topology');
    const plan = planTopology(topology, this.names, this.options.queueType);
    await declarePlan(model, plan);
    this.provisioned = mergeTopologies(this.provisioned, topology);
    for (const exchange of plan.exchanges) this.knownExchanges.add(exchange.name);
  }

  send(messages: readonly TransportMessage[]): Promise<void> {
    // Sizes were checked by the bus's produce pipeline against capabilities.maxMessageBytes; the broker enforces
    // its own max_message_size.
    try {
      const targets = messages.map(this.topicTarget);
      // Every exchange known (the common case): publish at once, without awaiting a check that has nothing to do.
      if (targets.every((target) => this.knownExchanges.has(target.exchange))) {
        return this.publisher.publish(targets);
      }
      return this.assertTopicsExist(messages).then(() => this.publisher.publish(targets));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private readonly topicTarget = (message: TransportMessage): PublishTarget => ({
    exchange: this.names.topicExchange(message.topic),
    routingKey: message.type,
    message,
    destination: `topic "${message.topic}"`,
  });

  async consume(endpoint: EndpointTopology, handler: DeliveryHandler): Promise<Subscription> {
    const queues = consumedQueues(this.names, endpoint);
    const prefetch = this.options.prefetch ?? endpoint.prefetch;
    const consumer = new EndpointConsumer({
      supervisor: this.supervisor,
      endpoint,
      queues,
      // Ordered endpoints have a consumer per partition queue; share the endpoint's prefetch among them.
      prefetch: Math.max(1, Math.ceil(prefetch / queues.length)),
      handler,
      settlement: this.settlement,
      logger: this.options.logger,
    });
    await consumer.start();
    this.consumers.add(consumer);
    return {
      stop: async () => {
        await consumer.stop();
        this.consumers.delete(consumer);
      },
    };
  }

  deadLetters(endpoint: string): DeadLetterQueue {
    return new RabbitMqDeadLetterQueue({
      endpoint,
      queue: this.names.deadLetter(endpoint),
      connection: () => this.connection(`read the dead letters of endpoint "${endpoint}"`),
      publisher: this.publisher,
      entry: () => this.entryOf(endpoint),
    });
  }

  health(): TransportHealth {
    return this.supervisor.health();
  }

  describe(topology: Topology): string {
    const urls = this.options.urls.map(redactUrl).join(', ');
    const plan = planTopology(topology, this.names, this.options.queueType);
    return `RabbitMQ at ${urls} (${this.options.queueType} queues):\n${describePlan(plan)}`;
  }

  /**
   * Reset the connection's socket as a network failure would; the transport reconnects with its backoff,
   * declares its topology again (temporary queues included) and re-attaches its consumers, and RabbitMQ
   * redelivers what was unacknowledged.
   */
  simulateConnectionLoss(): Promise<void> {
    return this.supervisor.cutConnection();
  }

  asyncApi(topology: Topology): TransportAsyncApi {
    const { urls, queueType } = this.options;
    return rabbitMqAsyncApi(topology, { urls, names: this.names, queueType });
  }

  /** Close the connection; deliveries not yet acknowledged go back to their queues. */
  async close(): Promise<void> {
    this.consumers.clear();
    await this.publisher.close();
    await this.supervisor.close();
  }

  private readonly settlement: EndpointSettlement = {
    retry: async (endpoint, delayMs, copy) => {
      const queue = this.names.retryQueue(endpoint.name, delayMs);
      if (!endpoint.retryDelays.includes(delayMs)) await this.declareRetryQueue(endpoint, delayMs);
      await this.publisher.publish([
        {
          exchange: '',
          routingKey: queue,
          message: { ...copy, mandatory: true },
          destination: `retry queue "${queue}"`,
        },
      ]);
    },
    deadLetter: async (endpoint, copy) => {
      if (endpoint.temporary) {
        // Temporary endpoints have no dead-letter queue by design; say loudly what is dropped.
        this.options.logger.error(
          { endpoint: endpoint.name, messageId: copy.id, type: copy.type, headers: copy.headers },
          'Temporary endpoint has no dead-letter queue; the failed message is dropped',
        );
        return;
      }
      const exchange = this.names.deadLetter(endpoint.name);
      await this.publisher.publish([
        {
          exchange,
          routingKey: '',
          message: { ...copy, mandatory: true },
          destination: `dead-letter exchange "${exchange}"`,
        },
      ]);
    },
  };

  /** A delay the endpoint was not provisioned with (a policy changed at run time): create its queue first. */
  private async declareRetryQueue(endpoint: EndpointTopology, delayMs: number): Promise<void> {
    const model = await this.connection(`create a retry queue for endpoint "${endpoint.name}"`);
    const entry = endpointEntry(this.names, endpoint.name, endpoint.partitions !== undefined);
    const queue = retryQueueDeclaration(
      this.names,
      endpoint.name,
      delayMs,
      entry,
      endpoint.temporary,
      this.options.queueType,
    );
    await declarePlan(model, { exchanges: [], queues: [queue], bindings: [] });
  }

  private async restoreTopology(model: ChannelModel): Promise<void> {
    if (this.provisioned.topics.length === 0 && this.provisioned.endpoints.length === 0) return;
    await declarePlan(model, planTopology(this.provisioned, this.names, this.options.queueType));
  }

  private async assertTopicsExist(messages: readonly TransportMessage[]): Promise<void> {
    const unknown = new Map<string, TransportMessage>();
    for (const message of messages) {
      const exchange = this.names.topicExchange(message.topic);
      if (!this.knownExchanges.has(exchange)) unknown.set(exchange, message);
    }
    if (unknown.size === 0) return;
    const first = [...unknown.values()][0]!;
    let model: ChannelModel;
    try {
      model = await this.connection(`publish "${first.type}" to topic "${first.topic}"`);
    } catch (error) {
      throw new PublishError(error instanceof Error ? error.message : String(error), {
        cause: error,
        retryable: true,
      });
    }
    for (const [exchange, message] of unknown) {
      // A publish to a missing exchange would close the shared confirm channel; check on a throwaway one.
      const exists = await withChannel(model, (channel) => channel.checkExchange(exchange)).then(
        () => true,
        (error: unknown) => {
          if (amqpCode(error) === NOT_FOUND) return false;
          throw new PublishError(
            `Cannot check topic "${message.topic}" for "${message.type}": ${error instanceof Error ? error.message : String(error)}`,
            { cause: error, retryable: true },
          );
        },
      );
      if (!exists) {
        throw new PublishError(
          `Cannot publish "${message.type}": topic "${message.topic}" does not exist on RabbitMQ (exchange "${exchange}"); provision it first`,
          { retryable: true, scope: 'message' },
        );
      }
      this.knownExchanges.add(exchange);
    }
  }

  /** Replays go back to one endpoint; whether it is partitioned is known from provisioning or asked of the broker. */
  private async entryOf(endpoint: string): Promise<EndpointEntry> {
    const known = this.provisioned.endpoints.find((candidate) => candidate.name === endpoint);
    if (known) return endpointEntry(this.names, endpoint, known.partitions !== undefined);
    const model = await this.connection(`replay the dead letters of endpoint "${endpoint}"`);
    const partitioned = await withChannel(model, (channel) =>
      channel.checkExchange(this.names.partitionExchange(endpoint)),
    ).then(
      () => true,
      () => false,
    );
    return endpointEntry(this.names, endpoint, partitioned);
  }

  private connection(purpose: string): Promise<ChannelModel> {
    return this.supervisor.whenConnected(this.options.publishTimeoutMs, purpose);
  }
}

export function createRabbitMqTransport(options: RabbitMqTransportOptions): RabbitMqTransport {
  return new RabbitMqTransport(options);
}
