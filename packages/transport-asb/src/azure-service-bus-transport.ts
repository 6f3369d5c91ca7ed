import {
  ConcurrencyLimit,
  type DeadLetterQueue,
  type DeliveryHandler,
  type EndpointTopology,
  LifecycleError,
  type Logger,
  type Subscription,
  silentLogger,
  type Topology,
  type Transport,
  type TransportAsyncApi,
  type TransportCapabilities,
  type TransportHealth,
  type TransportMessage,
  type TransportTelemetry,
} from '@pragmatic-messaging/core';
import { cutAmqpConnection } from './amqp-connection-cut.js';
import {
  type ServiceBusNamespace,
  serviceBusAsyncApi,
  serviceBusNamespaceOf,
} from './azure-service-bus-asyncapi.js';
import { namespaceHostOf, serviceBusTelemetry } from './azure-service-bus-telemetry.js';
import {
  type AzureServiceBusTransportOptions,
  type ResolvedTransportSettings,
  resolveTransportSettings,
} from './azure-service-bus-transport-options.js';
import { ConnectionHealth } from './connection-health.js';
import { createServiceBusSdk } from './create-service-bus-sdk.js';
import { describeServiceBusTopology } from './describe-service-bus-topology.js';
import { MessageProducer } from './message-producer.js';
import { type SubscriptionPlan, subscriptionPlans, TopologyProvisioner } from './provisioner.js';
import type { ReceivePump } from './receive-pump.js';
import { EntityNames } from './resource-names.js';
import { type DeadLetterLocation, ServiceBusDeadLetterQueue } from './service-bus-dead-letter-queue.js';
import { errorCodeOf, errorMessageOf } from './service-bus-errors.js';
import type { ServiceBusSdk } from './service-bus-surface.js';
import { SessionPump } from './session-pump.js';
import { SubscriptionPump } from './subscription-pump.js';

/**
 * The Azure Service Bus transport: a topic per toolkit topic, a subscription per endpoint with a correlation
 * rule per handled type, sessions for ordered endpoints, scheduled messages for delayed retries and the native
 * dead-letter sub-queue for dead letters.
 */
export class AzureServiceBusTransport implements Transport {
  readonly name = 'azure-service-bus';
  readonly capabilities: TransportCapabilities;
  readonly telemetry: TransportTelemetry;
  private readonly settings: ResolvedTransportSettings;
  private readonly sdk: ServiceBusSdk;
  private readonly names: EntityNames;
  private readonly namespace: ServiceBusNamespace;
  private readonly logger: Logger;
  private readonly connectionHealth = new ConnectionHealth();
  private readonly producer: MessageProducer;
  private readonly provisioner: TopologyProvisioner;
  /** What this process knows of each endpoint's subscriptions (from provision and consume). */
  private readonly knownPlans = new Map<string, SubscriptionPlan[]>();
  private readonly pumps = new Set<ReceivePump>();

  constructor(options: AzureServiceBusTransportOptions) {
    this.settings = resolveTransportSettings(options);
    this.logger = options.logger ?? silentLogger;
    this.sdk = createServiceBusSdk(options);
    this.names = new EntityNames(this.settings.namePrefix);
    this.telemetry = serviceBusTelemetry(namespaceHostOf(options));
    this.namespace = serviceBusNamespaceOf(options);
    this.producer = new MessageProducer(this.sdk.client, this.names, this.logger);
    this.provisioner = new TopologyProvisioner(
      this.sdk.administration,
      this.names,
      this.settings,
      this.logger,
    );
    this.capabilities = {
      delayedDelivery: 'native-scheduling',
      retryDelaysProvisioned: false,
      deadLetter: 'native',
      ordering: 'sessions',
      typeFiltering: 'broker',
      // A topic without a matching subscription accepts the message and drops it; Service Bus cannot tell.
      unroutableDetection: false,
      nativeDeduplication: this.settings.duplicateDetectionWindowMs !== undefined,
      maxMessageBytes: this.settings.maxMessageBytes,
      // Scheduled messages have no upper bound of their own; a subscription's time to live does.
      maxDelayMs: this.settings.messageTimeToLiveMs ?? Number.MAX_SAFE_INTEGER,
    };
  }

  async connect(): Promise<void> {
    if (this.connectionHealth.status === 'closed') {
      throw new LifecycleError('The Azure Service Bus transport was closed; create a new one');
    }
    // The SDK opens its AMQP connection lazily, on the first send or receive, and reconnects by itself.
    this.connectionHealth.status = 'connected';
  }

  async provision(topology: Topology): Promise<void> {
    this.ensureOpen();
    for (const endpoint of topology.endpoints) this.remember(endpoint);
    await this.provisioner.provision(topology);
  }

  async send(messages: readonly TransportMessage[]): Promise<void> {
    this.ensureOpen();
    await this.producer.send(messages);
  }

  async consume(endpoint: EndpointTopology, handler: DeliveryHandler): Promise<Subscription> {
    this.ensureOpen();
    const gate = new ConcurrencyLimit(Math.max(1, endpoint.concurrency));
    const pumps = this.remember(endpoint).map((plan) => {
      const settings = {
        client: this.sdk.client,
        plan,
        gate,
        prefetch: Math.max(1, endpoint.prefetch),
        handler,
        producer: this.producer,
        health: this.connectionHealth,
        logger: this.logger,
        reconnectDelayMs: this.settings.reconnectDelayMs,
        sessionIdleTimeoutMs: this.settings.sessionIdleTimeoutMs,
      };
      return plan.requiresSession ? new SessionPump(settings) : new SubscriptionPump(settings);
    });
    for (const pump of pumps) {
      this.pumps.add(pump);
      pump.start();
    }
    this.logger.debug({ endpoint: endpoint.name, subscriptions: pumps.length }, 'Consuming from Service Bus');
    return {
      stop: async () => {
        await Promise.all(pumps.map((pump) => pump.stop()));
        for (const pump of pumps) this.pumps.delete(pump);
      },
    };
  }

  deadLetters(endpoint: string): DeadLetterQueue {
    return new ServiceBusDeadLetterQueue(
      endpoint,
      () => this.deadLetterLocations(endpoint),
      this.sdk.client,
      this.producer,
      this.logger,
    );
  }

  health(): TransportHealth {
    return this.connectionHealth.report();
  }

  describe(topology: Topology): string {
    return describeServiceBusTopology(topology, this.names);
  }

  /**
   * Reset the SDK's AMQP connection as a network failure would. The SDK reconnects by itself; the receive pumps
   * see their receives fail, report `reconnecting` and receive again; locks held by the lost connection expire and
   * their messages are delivered again.
   */
  async simulateConnectionLoss(): Promise<void> {
    if (this.connectionHealth.status !== 'connected') return;
    if (cutAmqpConnection(this.sdk.client)) {
      this.logger.warn({}, 'Service Bus connection cut on purpose; the SDK reconnects');
    }
  }

  asyncApi(topology: Topology): TransportAsyncApi {
    return serviceBusAsyncApi(topology, this.names, this.namespace);
  }

  async close(): Promise<void> {
    if (this.connectionHealth.status === 'closed') return;
    this.connectionHealth.status = 'closed';
    const pumps = [...this.pumps];
    this.pumps.clear();
    await Promise.all(pumps.map((pump) => pump.abandonHeld()));
    // A failure to close is logged, not thrown: the transport is closed either way (nothing of ours runs on these
    // clients any more), and `bus.stop()` must not reject because the SDK could not close a link cleanly.
    await this.closeQuietly('senders', () => this.producer.close());
    await this.closeQuietly('client', () => this.sdk.client.close());
  }

  private async closeQuietly(what: string, close: () => Promise<void>): Promise<void> {
    try {
      await close();
    } catch (error) {
      this.logger.warn(
        { closing: what, code: errorCodeOf(error), error: errorMessageOf(error) },
        'Closing the Service Bus client failed; the transport is closed anyway',
      );
    }
  }

  private remember(endpoint: EndpointTopology): SubscriptionPlan[] {
    const plans = subscriptionPlans(endpoint, this.names);
    this.knownPlans.set(endpoint.name, plans);
    return plans;
  }

  /** Subscriptions this process provisioned or consumes; otherwise found by looking through the topics. */
  private async deadLetterLocations(endpoint: string): Promise<DeadLetterLocation[]> {
    const known = this.knownPlans.get(endpoint);
    if (known) return known;
    const subscriptionEntity = this.names.subscription(endpoint);
    const found: DeadLetterLocation[] = [];
    for await (const topic of this.sdk.administration.listTopics()) {
      if (!topic.name.startsWith(this.settings.namePrefix)) continue;
      if (await this.sdk.administration.subscriptionExists(topic.name, subscriptionEntity)) {
        const name = topic.name.slice(this.settings.namePrefix.length);
        found.push({ topic: name, topicEntity: topic.name, subscriptionEntity });
      }
    }
    return found;
  }

  private ensureOpen(): void {
    if (this.connectionHealth.status === 'closed')
      throw new LifecycleError('The Azure Service Bus transport is closed');
  }
}

export function createAzureServiceBusTransport(
  options: AzureServiceBusTransportOptions,
): AzureServiceBusTransport {
  return new AzureServiceBusTransport(options);
}
