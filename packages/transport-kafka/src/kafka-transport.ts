import {
  BrokerUnavailableError,
  ConfigurationError,
  type DeadLetterQueue,
  type DeliveryHandler,
  describeTopology,
  type EndpointTopology,
  LifecycleError,
  type Logger,
  PublishError,
  type Subscription,
  type Topology,
  type Transport,
  type TransportAsyncApi,
  type TransportCapabilities,
  type TransportHealth,
  type TransportMessage,
  type TransportStatus,
  type TransportTelemetry,
} from '@pragmatic-messaging/core';
import type { KafkaClient, OutgoingRecord } from './client/kafka-client.js';
import { clientSettingsOf } from './client/kafka-client-settings.js';
import { LazyKafkaClient } from './client/lazy-kafka-client.js';
import { EndpointConsumer } from './endpoint-consumer.js';
import { EndpointSettlement } from './endpoint-settlement.js';
import { kafkaAsyncApi } from './kafka-asyncapi.js';
import { KafkaDeadLetterQueue } from './kafka-dead-letter-queue.js';
import { kafkaTelemetry } from './kafka-telemetry.js';
import {
  type KafkaTransportOptions,
  type ResolvedKafkaOptions,
  resolveKafkaOptions,
} from './kafka-transport-options.js';
import { toRecord } from './message-codec.js';
import { KafkaProvisioner, topicSpecsOf } from './provisioner.js';
import { KafkaNaming } from './resource-names.js';
import { SendBatcher } from './send-batcher.js';

/**
 * The Kafka transport: topics per toolkit topic, a consumer group per endpoint, retry topics per delay and a
 * compacted dead-letter topic per endpoint. See docs/transports/kafka.md for the semantics.
 */
export class KafkaTransport implements Transport {
  readonly name = 'kafka';
  readonly capabilities: TransportCapabilities;
  readonly telemetry: TransportTelemetry;
  private readonly options: ResolvedKafkaOptions;
  private readonly logger: Logger;
  private readonly naming: KafkaNaming;
  private readonly client: KafkaClient;
  private readonly batcher: SendBatcher;
  private readonly settlement: EndpointSettlement;
  private readonly knownTopics = new Set<string>();
  private readonly consumers = new Set<EndpointConsumer>();
  /** Endpoints whose consumer crashed and is being restarted, with why. */
  private readonly restartingConsumers = new Map<string, string>();
  private status: TransportStatus = 'idle';
  private detail: string | undefined;
  private connecting: Promise<void> | undefined;

  /**
   * `client` swaps the Kafka client behind the transport (tests); without it, the `client` option chooses the
   * library. See `client/kafka-client.ts`.
   */
  constructor(options: KafkaTransportOptions, client?: KafkaClient) {
    this.options = resolveKafkaOptions(options);
    this.logger = this.options.logger;
    this.naming = new KafkaNaming(this.options.namingPrefix);
    this.telemetry = kafkaTelemetry(this.options.brokers);
    this.client = client ?? clientFor(this.options);
    this.client.onConnectionState((state, detail) => this.onConnectionState(state, detail));
    this.batcher = new SendBatcher((records) => this.client.produce(records), this.options.lingerMs);
    this.settlement = new EndpointSettlement(
      this.naming,
      (records) => this.batcher.send(records),
      this.logger,
    );
    this.capabilities = {
      delayedDelivery: 'retry-topics',
      retryDelaysProvisioned: true,
      deadLetter: 'dead-letter-topic',
      ordering: 'log-partitions',
      typeFiltering: 'consumer',
      unroutableDetection: false,
      nativeDeduplication: false,
      maxMessageBytes: this.options.maxMessageBytes,
      maxDelayMs: 2 ** 31 - 1,
    };
  }

  connect(): Promise<void> {
    // Rejected, not thrown: callers await connect() (a synchronous throw escapes `.catch` and `expect().rejects`).
    if (this.status === 'closed')
      return Promise.reject(new LifecycleError('The Kafka transport was closed; create a new one'));
    this.connecting ??= this.open();
    return this.connecting;
  }

  private async open(): Promise<void> {
    this.status = 'connecting';
    try {
      await this.client.connect();
      this.status = 'connected';
      this.detail = undefined;
      this.logger.info({ brokers: this.options.brokers, clientId: this.options.clientId }, 'Kafka connected');
    } catch (error) {
      this.detail = errorText(error);
      this.connecting = undefined;
      // The chosen client library is not installed: no retry helps, the error already says what to do.
      if (error instanceof ConfigurationError) {
        this.status = 'failed';
        throw error;
      }
      const text = `Could not connect to the Kafka brokers ${this.options.brokers.join(', ')}: ${this.detail}`;
      // Rejected credentials stay rejected; a broker that is not up yet may be soon, so the bus tries again.
      if (isAuthenticationError(error)) {
        this.status = 'failed';
        throw new ConfigurationError(text);
      }
      this.status = 'idle';
      throw new BrokerUnavailableError(text, { cause: error });
    }
  }

  async provision(topology: Topology): Promise<void> {
    await this.whenOpen();
    await new KafkaProvisioner(
      this.client,
      this.naming,
      this.options,
      this.logger,
      this.knownTopics,
    ).provision(topology);
  }

  send(messages: readonly TransportMessage[]): Promise<void> {
    // Connected (or reconnecting: the client queues) and every topic known, the common case: produce at once.
    const open = this.status === 'connected' || this.status === 'reconnecting';
    if (open && messages.every((message) => this.knownTopics.has(this.naming.topic(message.topic)))) {
      return this.produce(messages);
    }
    return this.sendOnceOpen(messages);
  }

  private async sendOnceOpen(messages: readonly TransportMessage[]): Promise<void> {
    await this.whenOpen();
    // Sizes were checked by the bus's produce pipeline against capabilities.maxMessageBytes; the topics are
    // provisioned with max.message.bytes above it, so the broker's limit is never the first to refuse.
    await this.checkTopicsExist(messages);
    return this.produce(messages);
  }

  private produce(messages: readonly TransportMessage[]): Promise<void> {
    let records: OutgoingRecord[];
    try {
      records = messages.map((message) =>
        toRecord(message, { topic: this.naming.topic(message.topic), onItsTopic: true }),
      );
    } catch (error) {
      return Promise.reject(error);
    }
    return this.batcher.send(records).catch((error: unknown) => {
      throw new PublishError(`Kafka did not acknowledge ${describeMessages(messages)}: ${errorText(error)}`, {
        cause: error,
        retryable: true,
      });
    });
  }

  async consume(endpoint: EndpointTopology, handler: DeliveryHandler): Promise<Subscription> {
    await this.whenOpen();
    const consumer = new EndpointConsumer(
      endpoint,
      handler,
      this.settlement,
      this.naming,
      this.client,
      this.options,
      this.logger,
      {
        failed: (name, error, restarting) => this.onConsumerFailure(name, error, restarting),
        recovered: (name) => this.onConsumerRecovered(name),
      },
    );
    this.consumers.add(consumer);
    try {
      await consumer.start();
    } catch (error) {
      this.consumers.delete(consumer);
      await consumer.stop().catch((stopError: unknown) => {
        this.logger.warn(
          { endpoint: endpoint.name, err: stopError },
          'Could not stop a consumer that failed to start',
        );
      });
      const text = `Kafka consumer for endpoint "${endpoint.name}" could not join its group: ${errorText(error)}`;
      // A freshly started broker may not have elected the group coordinator yet: retrying helps with that.
      throw isAuthenticationError(error)
        ? new ConfigurationError(text)
        : new BrokerUnavailableError(text, { cause: error });
    }
    return {
      stop: async () => {
        this.restartingConsumers.delete(endpoint.name);
        // Still listed while it drains, so close() can abort a graceful stop that waits on a handler.
        try {
          await consumer.stop();
        } finally {
          this.consumers.delete(consumer);
        }
      },
    };
  }

  deadLetters(endpoint: string): DeadLetterQueue {
    return new KafkaDeadLetterQueue(endpoint, this.client, this.naming, this.options, async (records) => {
      await this.whenOpen();
      await this.batcher.send(records);
    });
  }

  health(): TransportHealth {
    const [restarting] = this.restartingConsumers;
    if (this.status === 'connected' && restarting) {
      return {
        status: 'reconnecting',
        detail: `the consumer of endpoint "${restarting[0]}" is restarting: ${restarting[1]}`,
      };
    }
    return { status: this.status, detail: this.detail };
  }

  describe(topology: Topology): string {
    const lines = [
      `Kafka (${this.options.brokers.length} bootstrap broker(s), prefix "${this.options.namingPrefix}"):`,
    ];
    for (const spec of topicSpecsOf(topology, this.naming, this.options)) {
      const compacted = spec.config['cleanup.policy'] === 'compact' ? ', compacted' : '';
      lines.push(`  topic ${spec.name} (${spec.partitions} partition(s)${compacted})`);
    }
    for (const endpoint of topology.endpoints) {
      lines.push(`  consumer group ${this.naming.group(endpoint.name)} for endpoint ${endpoint.name}`);
    }
    return `${lines.join('\n')}\n${describeTopology(topology)}`;
  }

  asyncApi(topology: Topology): TransportAsyncApi {
    return kafkaAsyncApi(topology, this.naming, this.options);
  }

  /**
   * Reset every broker socket at once, as a network failure would; the client reconnects by itself, consumers
   * go on from their position and what was not committed is fetched again.
   */
  async simulateConnectionLoss(): Promise<void> {
    if (this.status !== 'connected') return;
    this.client.dropConnections();
  }

  /**
   * Abrupt: consumers are aborted, those still draining a graceful stop() too (that stop then resolves), and
   * their unsettled deliveries are redelivered; close() never waits for a handler.
   */
  async close(): Promise<void> {
    if (this.status === 'closed') return;
    this.status = 'closed';
    const consumers = [...this.consumers];
    this.consumers.clear();
    const aborted = await Promise.allSettled(consumers.map((consumer) => consumer.abort()));
    for (const result of aborted) {
      if (result.status === 'rejected') {
        this.logger.warn({ err: result.reason }, 'A Kafka consumer did not stop cleanly while closing');
      }
    }
    await this.client.close();
  }

  private async whenOpen(): Promise<void> {
    if (this.status === 'closed') throw new LifecycleError('The Kafka transport is closed');
    await this.connect();
  }

  private onConnectionState(state: 'connected' | 'lost', detail?: string): void {
    if (this.status === 'closed' || this.status === 'idle') return;
    if (state === 'lost' && this.status === 'connected') {
      this.status = 'reconnecting';
      this.detail = detail;
      this.logger.warn({ detail }, 'Kafka connection lost; reconnecting');
    } else if (state === 'connected' && this.status === 'reconnecting') {
      this.status = 'connected';
      this.detail = undefined;
      this.logger.info({}, 'Kafka connection re-established');
    }
  }

  /** A crashed consumer is restarted (by kafkajs, or by the endpoint consumer when kafkajs gives up); health says so. */
  private onConsumerFailure(endpoint: string, error: Error, byTheClient: boolean): void {
    if (this.status === 'closed') return;
    this.logger.warn(
      { endpoint, err: error, restartedBy: byTheClient ? this.options.client : 'transport' },
      'Kafka consumer failed; restarting it',
    );
    this.restartingConsumers.set(endpoint, error.message);
  }

  private onConsumerRecovered(endpoint: string): void {
    if (!this.restartingConsumers.delete(endpoint)) return;
    this.logger.info({ endpoint }, 'Kafka consumer restarted and joined its group again');
  }

  /** Kafka would retry a send to a missing topic for a long while; fail at once with the topic named instead. */
  private async checkTopicsExist(messages: readonly TransportMessage[]): Promise<void> {
    const unknown = messages.filter((message) => !this.knownTopics.has(this.naming.topic(message.topic)));
    if (unknown.length === 0) return;
    const existing = await this.client.topicNames();
    for (const name of existing) this.knownTopics.add(name);
    const missing = unknown.find((message) => !existing.has(this.naming.topic(message.topic)));
    if (missing) {
      throw new PublishError(
        `Cannot publish "${missing.type}": topic "${missing.topic}" (Kafka topic "${this.naming.topic(missing.topic)}") does not exist (provision it first)`,
        { retryable: true, scope: 'message' },
      );
    }
  }
}

function describeMessages(messages: readonly TransportMessage[]): string {
  const first = messages[0];
  const what = first ? `"${first.type}" on topic "${first.topic}"` : 'nothing';
  return messages.length > 1 ? `${messages.length} messages (first: ${what})` : what;
}

function isAuthenticationError(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  return /SASLAuthentication|Authorization/i.test(name);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The client the `client` option chose. Both libraries are peer dependencies (@platformatic/kafka required,
 * kafkajs optional): a client's module is imported on the first connect() only, so an application loads just the
 * library it runs on, and needs kafkajs installed only if it chose it.
 */
function clientFor(options: ResolvedKafkaOptions): KafkaClient {
  if (options.client === 'kafkajs') {
    return new LazyKafkaClient(async () => {
      const { KafkajsClient } = await import('./client/kafkajs-client.js');
      return new KafkajsClient(clientSettingsOf(options));
    }, KAFKAJS_PACKAGE);
  }
  return new LazyKafkaClient(async () => {
    const { PlatformaticKafkaClient } = await import('./client/platformatic-kafka-client.js');
    return new PlatformaticKafkaClient(clientSettingsOf(options));
  }, PLATFORMATIC_PACKAGE);
}

export const PLATFORMATIC_PACKAGE = {
  name: '@platformatic/kafka',
  install: 'npm install @platformatic/kafka@^1.35.0',
} as const;

export const KAFKAJS_PACKAGE = {
  name: 'kafkajs',
  install: 'npm install kafkajs@^2.2.4',
} as const;

export function createKafkaTransport(options: KafkaTransportOptions): KafkaTransport {
  return new KafkaTransport(options);
}
