import type { AsyncApiDocument, AsyncApiInfo } from '../asyncapi/asyncapi-document.js';
import { asyncApiDocument } from '../asyncapi/asyncapi-generator.js';
import { type AsyncApiSource, asyncApiSourceOf, asyncApiSourceOfBus } from '../asyncapi/asyncapi-source.js';
import type { MessageContract } from '../contracts/define-message.js';
import { ConfigurationError, LifecycleError } from '../errors.js';
import { faultExtension } from '../faults/fault-extension.js';
import { type BusEventListener, BusEvents } from '../observability/bus-events.js';
import { silentLogger } from '../observability/logger.js';
import { createInstruments } from '../observability/telemetry.js';
import type { Publish } from '../pipeline/handler-context.js';
import type { MessagingExtension } from '../pipeline/messaging-extension.js';
import type { PublishOptions } from '../pipeline/produce-context.js';
import { type RetryPolicy, resolveRetryPolicy } from '../pipeline/retry-policy.js';
import { ReliabilityFeatures } from '../reliability/reliability-features.js';
import type { StoreTransaction } from '../stores/message-store.js';
import { busTopology, endpointTopologyOf } from '../topology/build-topology.js';
import { describeTopology, type EndpointTopology, type Topology } from '../topology/topology.js';
import type { DeadLetterQueue } from '../transport/dead-letter-queue.js';
import type { Transport } from '../transport/transport.js';
import { BusLifecycle } from './bus-lifecycle.js';
import { BusPublisher } from './bus-publisher.js';
import { type DeliveryHandlerParts, deliveryHandlerFor } from './delivery-handler.js';
import { Endpoint, type EndpointOptions } from './endpoint.js';
import { assessHealth, type MessagingHealth, type MessagingState } from './messaging-health.js';
import type { MessagingOptions } from './messaging-options.js';
import { type RecoveryPlan, recoveryPlansOf } from './recovery-plan.js';

/**
 * The bus: publish messages, handle them on endpoints, start and stop gracefully. Create it with
 * `createMessaging`. It assembles the parts: the pipelines (pipeline/), the reliability features (reliability/),
 * the extensions (fault injection first when configured), the publishing side (bus-publisher.ts) and the
 * lifecycle (bus-lifecycle.ts).
 */
export class Messaging {
  readonly service: string;
  readonly transport: Transport;
  private readonly options: MessagingOptions;
  private readonly busEvents = new BusEvents();
  private readonly endpoints = new Map<string, Endpoint>();
  /** Fault injection (when configured) first, then those added with extend(). */
  private readonly extensions: MessagingExtension[] = [];
  private readonly publisher: BusPublisher;
  private readonly reliability: ReliabilityFeatures;
  private readonly lifecycle: BusLifecycle;
  private readonly consumers: DeliveryHandlerParts;
  private plans: RecoveryPlan[] = [];

  constructor(options: MessagingOptions) {
    if (!options.service?.trim()) throw new ConfigurationError('createMessaging needs a service name');
    if (!options.transport) throw new ConfigurationError('createMessaging needs a transport');
    this.options = options;
    this.service = options.service;
    this.transport = options.transport;
    if (options.faults) this.extensions.push(faultExtension(options.faults, this.service, this.transport));
    const { service, transport, extensions, busEvents: events } = this;
    const logger = options.logger ?? silentLogger;
    const parts = { service, transport, options, logger, extensions, events };
    const instruments = createInstruments(options.telemetry);
    this.publisher = new BusPublisher({
      ...parts,
      instruments,
      state: () => this.state,
      dispatch: (envelope, context) => this.reliability.dispatch(envelope, context),
    });
    this.lifecycle = new BusLifecycle({
      ...parts,
      reliability: () => this.reliability,
      inFlightPublishes: this.publisher.inFlight,
    });
    this.reliability = new ReliabilityFeatures({
      ...options,
      ...parts,
      send: (messages) => this.publisher.sendNow(messages),
      stopping: this.lifecycle.stopCalled,
    });
    this.consumers = {
      ...parts,
      instruments,
      reliability: this.reliability,
      publisher: this.publisher,
      shutdownSignal: this.lifecycle.shutdownSignal,
      retryPolicyOf: (endpoint) => this.retryPolicyOf(endpoint),
    };
  }

  get state(): MessagingState {
    return this.lifecycle.state;
  }

  /** Declare (or get) a named endpoint; register handlers on it with `.on(Contract, handler)` before start. */
  endpoint(name: string, options: EndpointOptions = {}): Endpoint {
    const existing = this.endpoints.get(name);
    if (existing) return existing;
    if (this.state !== 'created') {
      throw new LifecycleError(`Cannot add endpoint "${name}" after start(); declare endpoints first`);
    }
    const endpoint = new Endpoint(name, options, () => this.state !== 'created');
    this.endpoints.set(name, endpoint);
    return endpoint;
  }

  /** Plug in a feature (see MessagingExtension). Must happen before start. */
  extend(extension: MessagingExtension): void {
    if (this.state !== 'created') throw new LifecycleError('Extensions must be added before start()');
    this.extensions.push(extension);
  }

  /**
   * Publish a message. Resolves once the broker has durably accepted it (or, inside a unit of work, once it is
   * in the outbox). Rejects with ValidationError for invalid messages and PublishError when the broker refuses.
   */
  publish<Input, Output>(
    contract: MessageContract<Input, Output>,
    message: NoInfer<Input>,
    options?: PublishOptions,
  ): Promise<void> {
    return this.publisher.publishIn(
      contract as MessageContract<unknown, unknown>,
      message,
      options,
      undefined,
    );
  }

  /**
   * Run `work` in one store transaction: what it writes through `tx` and what it publishes (into the outbox)
   * commit together. Publish with the `publish` it is given (with the default ambient message scope,
   * `messaging.publish` inside `work` does the same). For code outside handlers: HTTP requests, schedulers.
   * Inside a handler (ambient scope) it joins the handler's transaction. Needs a store.
   */
  async transaction<T>(
    work: (tx: StoreTransaction, publish: Publish) => Promise<T>,
    options: { readonly correlationId?: string } = {},
  ): Promise<T> {
    return this.reliability.transaction(work, options.correlationId, {
      state: this.state,
      ambientScope: this.publisher.ambientScope,
      publisherIn: (scope) => this.publisher.publisherIn(scope),
    });
  }

  /** Subscribe to what happens to messages (handled, failed, retried, dead-lettered, published). */
  onEvent(listener: BusEventListener): () => void {
    return this.busEvents.subscribe(listener);
  }

  /** The neutral topology of this bus: topics it publishes to and its endpoints. */
  topology(): Topology {
    const endpoints = [...this.endpoints.values()].map((endpoint) => this.endpointTopology(endpoint));
    return busTopology(this.options.publishes ?? [], endpoints);
  }

  describeTopology(): string {
    return describeTopology(this.topology());
  }

  /** An AsyncAPI 3.0 document of this bus (for several buses: `asyncApiDocument`); see docs/asyncapi.md. */
  asyncApi(info?: Partial<AsyncApiInfo>): AsyncApiDocument {
    return asyncApiDocument([this], info);
  }

  [asyncApiSourceOf](): AsyncApiSource {
    return asyncApiSourceOfBus(this, this.options, this.topology(), [...this.endpoints.values()]);
  }

  /** Each endpoint's effective recovery plan; computed (and validated) by start(), or on demand before it. */
  recoveryPlans(): readonly RecoveryPlan[] {
    return this.state === 'created' ? this.computePlans() : this.plans;
  }

  /** `await using messaging = createMessaging(…)` stops the bus when the scope ends, as `stop()` does. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /**
   * Connect, provision, start the outbox relay and the consumers. A broker or store that is not there yet is
   * waited for (up to `startTimeoutMs`, reported by `health()`); `stop()` ends the wait.
   */
  start(): Promise<void> {
    return this.lifecycle.start(() => {
      this.publisher.createPipeline();
      this.plans = this.computePlans();
      const topology = this.topology();
      this.publisher.declare(topology);
      const deliveryHandler = (endpoint: EndpointTopology) =>
        deliveryHandlerFor(this.endpoints.get(endpoint.name)!, endpoint, this.consumers);
      return { topology, deliveryHandler };
    });
  }

  /**
   * Graceful stop: stop fetching, let in-flight handlers finish and settle (up to `shutdownTimeoutMs`, then their
   * `ctx.signal` aborts), wait for pending publishes, flush the outbox, stop the extensions, then close the
   * transport. Each step waits at most `shutdownTimeoutMs`, so a client library that hangs while closing cannot
   * hold `stop()` for ever.
   */
  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  /** Liveness and readiness with their reasons (see MessagingHealth); cheap, for health endpoints. */
  health(): MessagingHealth {
    return assessHealth({
      state: this.state,
      transport: this.transport.health(),
      endpoints: [...this.endpoints.keys()].map((name) => ({
        name,
        consuming: this.lifecycle.consuming(name),
      })),
      publishing: this.publisher.tracker.health(),
      store: this.reliability.storeWatch?.health(),
      outbox: this.reliability.relay?.health(),
      starting: this.lifecycle.startup,
    });
  }

  /** Inspect, replay or purge the dead letters of one of this bus's endpoints. */
  deadLetters(endpoint: string): DeadLetterQueue {
    if (!this.endpoints.has(endpoint)) {
      throw new ConfigurationError(`Bus "${this.service}" has no endpoint "${endpoint}"`);
    }
    return this.transport.deadLetters(endpoint);
  }

  private computePlans(): RecoveryPlan[] {
    return recoveryPlansOf([...this.endpoints.values()], {
      ...{ transport: this.transport, extensions: this.extensions, reliability: this.reliability },
      topologyOf: (endpoint) => this.endpointTopology(endpoint),
      retryPolicyOf: (endpoint) => this.retryPolicyOf(endpoint),
    });
  }

  private retryPolicyOf(endpoint: Endpoint): RetryPolicy {
    return resolveRetryPolicy(this.options.retry, endpoint.options.retry, `Endpoint "${endpoint.name}"`);
  }

  private endpointTopology(endpoint: Endpoint): EndpointTopology {
    return endpointTopologyOf(this.service, endpoint, () => this.retryPolicyOf(endpoint).delays);
  }
}

export function createMessaging(options: MessagingOptions): Messaging {
  return new Messaging(options);
}
