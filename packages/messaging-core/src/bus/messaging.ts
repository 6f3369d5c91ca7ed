import { randomUUID } from 'node:crypto';
import type { AsyncApiDocument, AsyncApiInfo } from '../asyncapi/asyncapi-document.js';
import { asyncApiDocument } from '../asyncapi/asyncapi-generator.js';
import { type AsyncApiSource, asyncApiSourceOf, asyncApiSourceOfBus } from '../asyncapi/asyncapi-source.js';
import type { MessageContract } from '../contracts/define-message.js';
import { jsonSerializer, type Serializer } from '../contracts/serializer.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import { ConfigurationError, LifecycleError, PublishError } from '../errors.js';
import { type FaultRegistry, InjectedFaultError } from '../faults/fault-registry.js';
import { withDeliveryFaults } from '../faults/faulty-delivery.js';
import { settlesWithin } from '../lifecycle/settles-within.js';
import { type Logger, silentLogger } from '../observability/logger.js';
import { createInstruments, type Instruments, type TelemetryOptions } from '../observability/telemetry.js';
import type { ConsumeContext } from '../pipeline/consume-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { ProduceContext, PublishOptions } from '../pipeline/produce-context.js';
import { inboxStep } from '../reliability/inbox-step.js';
import { orderingGuardStep } from '../reliability/ordering-guard-step.js';
import { type OutboxOptions, OutboxRelay } from '../reliability/outbox-relay.js';
import { StoreWatch } from '../reliability/store-watch.js';
import { UNIT_OF_WORK, type UnitOfWork, unitOfWorkIn } from '../reliability/unit-of-work.js';
import { QUIET_COMMIT, unitOfWorkStep } from '../reliability/unit-of-work-step.js';
import type { MessageStore, StoreTransaction } from '../stores/message-store.js';
import { describeTopology, type EndpointTopology, type Topology } from '../topology/topology.js';
import type { DeadLetterQueue } from '../transport/dead-letter-queue.js';
import type { Subscription, Transport } from '../transport/transport.js';
import { type BusEventListener, BusEvents } from './bus-events.js';
import { createConsumePipeline } from './consume-pipeline.js';
import { type ConsumeStage, Endpoint, type EndpointOptions } from './endpoint.js';
import type { Publish } from './handler-context.js';
import { currentMessageScope, type MessageScope, runInMessageScope } from './message-scope.js';
import { assessHealth, type MessagingHealth, type MessagingState } from './messaging-health.js';
import { createProducePipeline, type ProducePipeline } from './produce-pipeline.js';
import { PublishTracker } from './publish-tracker.js';
import { computeRecoveryPlan, type RecoveryPlan } from './recovery-plan.js';
import { type RetryPolicy, resolveRetryPolicy } from './retry-policy.js';
import { type StartupProgress, type StartupSettings, untilAvailable } from './start-until-available.js';

export interface MessagingOptions {
  /** The owning service's name: written to `source-service`, used in logs and metrics. */
  readonly service: string;
  /** The broker integration. The bus owns it: `stop()` closes it. */
  readonly transport: Transport;
  /**
   * Contracts this service publishes: their topics are created at start, like the topics its endpoints subscribe
   * to. Publishing never creates a topic: a publish to a topic that does not exist on the broker fails with a
   * PublishError (on every transport), so a typo cannot create a topic nobody reads.
   */
  readonly publishes?: readonly Pick<MessageContract, 'type' | 'topic'>[];
  /**
   * Refuse, before anything is sent or written to the outbox, to publish to a topic this bus does not declare (in
   * `publishes` or through an endpoint's subscription), even one that exists on the broker. Default false.
   */
  readonly strictTopics?: boolean;
  readonly retry?: Partial<RetryPolicy>;
  readonly serializer?: Serializer;
  /** Defaults to silent. Any pino-compatible logger fits. */
  readonly logger?: Logger;
  readonly telemetry?: TelemetryOptions;
  readonly middleware?: {
    readonly consume?: readonly {
      readonly stage: ConsumeStage;
      readonly middleware: Middleware<ConsumeContext>;
    }[];
    readonly produce?: readonly Middleware<ProduceContext>[];
  };
  /** Create the topology on the broker at start (default true). Turn off where operators provision it. */
  readonly provision?: boolean;
  /** How long `stop()` waits for in-flight handlers before closing anyway, ms. Default 30 000. */
  readonly shutdownTimeoutMs?: number;
  /**
   * How long `start()` keeps trying to reach the broker and the store (connect, provision, join consumer groups)
   * when they are not there yet, ms; meanwhile `health()` says what it waits for. `Infinity` waits as long as it
   * takes (a service whose health endpoint reports the wait). Errors retrying cannot fix (configuration, wrong
   * credentials) fail at once. Default 60 000.
   */
  readonly startTimeoutMs?: number;
  /**
   * Where outbox rows, inbox records and entity versions live (memory, PostgreSQL or PGlite). With a store, every
   * handler runs in a transaction (`ctx.tx`), `messaging.transaction()` is available, and the outbox and inbox
   * are on by default. The bus never migrates or closes the store: call `store.migrate()` before `start()`.
   */
  readonly store?: MessageStore;
  /** Transactional outbox settings, or false to publish directly even inside transactions. Needs a store. */
  readonly outbox?: OutboxOptions | false;
  /** Inbox (deduplication) settings, or false to turn it off for every endpoint. Needs a store. */
  readonly inbox?: { readonly retentionMs?: number } | false;
  /** Injected faults to apply (see FaultRegistry); none by default. */
  readonly faults?: FaultRegistry;
  /**
   * How a publish finds the message it is a consequence of (for correlation, causation and the handler's outbox):
   * - `ambient` (default): also through AsyncLocalStorage, so `messaging.publish` anywhere below a handler or a
   *   `messaging.transaction()` call belongs to it;
   * - `explicit`: only through `ctx.publish` in handlers and the `publish` argument of `messaging.transaction()`.
   *   The bus then never uses AsyncLocalStorage, whose hooks cost every promise of the process (measured: 6–7 %
   *   more throughput on RabbitMQ). A plain `messaging.publish` inside a handler then starts a new conversation
   *   and does not go through the handler's outbox.
   */
  readonly messageScope?: 'ambient' | 'explicit';
}

/** Processed ids are remembered for a week unless configured otherwise. */
const DEFAULT_INBOX_RETENTION_MS = 7 * 24 * 3_600_000;

export type { MessagingHealth, MessagingState } from './messaging-health.js';

/**
 * Extension points for the reliability features (outbox, inbox, ordering guard, fault injection), which plug
 * into the pipelines the same way user middleware does.
 */
export interface MessagingExtension {
  /** Steps run once per try around every handler, outermost first. */
  readonly innerSteps?: (endpoint: EndpointTopology) => readonly Middleware<ConsumeContext>[];
  /** Replaces direct sending, e.g. with an outbox write when inside a unit of work. */
  readonly dispatch?: (
    envelope: TransportMessage,
    context: ProduceContext,
    send: (envelope: TransportMessage) => Promise<void>,
  ) => Promise<void>;
  /** Inbox retention, checked against every endpoint's retry horizon. */
  readonly inboxRetentionMs?: number;
  readonly start?: () => Promise<void>;
  /** Runs after consumers stopped and before the transport closes (flush the outbox…). */
  readonly stop?: () => Promise<void>;
}

/**
 * The bus: publish messages, handle them on endpoints, start and stop gracefully.
 * Create it with `createMessaging`.
 */
export class Messaging {
  readonly service: string;
  readonly transport: Transport;
  private readonly options: MessagingOptions;
  private readonly logger: Logger;
  private readonly instruments: Instruments;
  private readonly busEvents = new BusEvents();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly subscriptions = new Map<string, Subscription>();
  /** The topics of `publishes` and of the endpoints' subscriptions, known from start(). */
  private declaredTopics: ReadonlySet<string> = new Set();
  private readonly extensions: MessagingExtension[] = [];
  private readonly inFlightPublishes = new Set<Promise<void>>();
  /** Aborted when shutdown stops waiting for handlers: every handler's `ctx.signal` follows it. */
  private readonly shutdownController = new AbortController();
  private readonly producePipeline: ProducePipeline;
  private readonly relay: OutboxRelay | undefined;
  private readonly storeWatch: StoreWatch | undefined;
  private readonly publishing = new PublishTracker();
  private plans: RecoveryPlan[] = [];
  private currentState: MessagingState = 'created';
  private startup: StartupProgress | undefined;
  private starting: Promise<void> | undefined;
  private stopRequested = false;
  private signalStop: () => void = () => {};
  /** Resolves when stop() is called: ends waits for the broker (start-up) and for the store (deliveries). */
  private readonly stopCalled = new Promise<void>((resolve) => {
    this.signalStop = resolve;
  });

  constructor(options: MessagingOptions) {
    if (!options.service?.trim()) throw new ConfigurationError('createMessaging needs a service name');
    if (!options.transport) throw new ConfigurationError('createMessaging needs a transport');
    this.options = options;
    this.service = options.service;
    this.transport = options.transport;
    this.logger = options.logger ?? silentLogger;
    this.instruments = createInstruments(options.telemetry);
    this.producePipeline = createProducePipeline({
      service: this.service,
      transportName: this.transport.name,
      transportTelemetry: this.transport.telemetry,
      maxMessageBytes: this.transport.capabilities.maxMessageBytes,
      serializer: options.serializer ?? jsonSerializer,
      instruments: this.instruments,
      events: this.busEvents,
      middleware: [...this.publishFaults(), ...(options.middleware?.produce ?? [])],
      dispatch: (envelope, context) => this.dispatch(envelope, context),
      ambientScope: this.ambientScope,
    });
    const { store, outbox } = options;
    if (!store && (outbox || options.inbox))
      throw new ConfigurationError('The outbox and the inbox need a store');
    this.storeWatch =
      store && new StoreWatch(store, (outbox ? outbox.pollIntervalMs : undefined) ?? 1_000, this.logger);
    this.relay = this.createRelay();
  }

  private createRelay(): OutboxRelay | undefined {
    const { store, outbox, faults } = this.options;
    if (!store || !this.storeWatch || outbox === false) return undefined;
    const storeWatch = this.storeWatch;
    return new OutboxRelay({
      store,
      backlog: () => storeWatch.backlog,
      send: (messages) => this.sendNow(messages),
      logger: this.logger,
      options: outbox ?? {},
      inboxRetentionMs: this.inboxRetentionMs() ?? DEFAULT_INBOX_RETENTION_MS,
      afterPublish: faults
        ? async (entries) => {
            for (const { message } of entries) {
              if (faults.take('outbox.publish', { service: this.service, type: message.type })) {
                throw new InjectedFaultError(
                  'outbox.publish',
                  `Injected fault after publishing "${message.type}"`,
                );
              }
            }
          }
        : undefined,
    });
  }

  private publishFaults(): Middleware<ProduceContext>[] {
    const faults = this.options.faults;
    if (!faults) return [];
    return [
      async (context, next) => {
        await faults.inject('publish.before', {
          service: this.service,
          type: context.contract.type,
          message: context.message,
        });
        await next();
      },
    ];
  }

  private inboxRetentionMs(): number | undefined {
    const { store, inbox } = this.options;
    if (!store || inbox === false) return undefined;
    return inbox?.retentionMs ?? DEFAULT_INBOX_RETENTION_MS;
  }

  get state(): MessagingState {
    return this.currentState;
  }

  /** Declare (or get) a named endpoint; register handlers on it with `.on(Contract, handler)` before start. */
  endpoint(name: string, options: EndpointOptions = {}): Endpoint {
    const existing = this.endpoints.get(name);
    if (existing) return existing;
    if (this.currentState !== 'created') {
      throw new LifecycleError(`Cannot add endpoint "${name}" after start(); declare endpoints first`);
    }
    const endpoint = new Endpoint(name, options, () => this.currentState !== 'created');
    this.endpoints.set(name, endpoint);
    return endpoint;
  }

  /** Plug in a reliability feature. Must happen before start. */
  extend(extension: MessagingExtension): void {
    if (this.currentState !== 'created') throw new LifecycleError('Extensions must be added before start()');
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
    return this.publishIn(contract as MessageContract<unknown, unknown>, message, options, undefined);
  }

  /** Publish as part of `scope` (a handled message, a transaction); without one, the ambient scope if enabled. */
  private publishIn(
    contract: MessageContract<unknown, unknown>,
    message: unknown,
    options: PublishOptions | undefined,
    scope: MessageScope | undefined,
  ): Promise<void> {
    if (this.currentState !== 'started' && this.currentState !== 'stopping') {
      return Promise.reject(
        new LifecycleError(
          `Cannot publish "${contract.type}" while the bus is ${this.currentState}; call start() first`,
        ),
      );
    }
    if (this.options.strictTopics && !this.declaredTopics.has(contract.topic)) {
      return Promise.reject(undeclaredTopicError(contract, this.service));
    }
    const published = this.producePipeline(contract, message, options, scope);
    this.inFlightPublishes.add(published);
    const forget = () => this.inFlightPublishes.delete(published);
    published.then(forget, forget);
    return published;
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
    const store = this.options.store;
    if (!store)
      throw new ConfigurationError('messaging.transaction() needs a store: pass one to createMessaging');
    if (this.currentState !== 'started' && this.currentState !== 'stopping') {
      throw new LifecycleError(
        `Cannot open a transaction while the bus is ${this.currentState}; call start() first`,
      );
    }
    const outer = this.ambientScope ? currentMessageScope() : undefined;
    const joined = outer && unitOfWorkIn(outer.items);
    if (outer && joined) return work(joined.transaction, this.publisherIn(outer));
    const messageId = randomUUID();
    const items = new Map<string | symbol, unknown>();
    let unitOfWork: UnitOfWork | undefined;
    const result = await store.transaction((transaction) => {
      const current: UnitOfWork = { transaction, outboxed: 0, published: [] };
      unitOfWork = current;
      items.set(UNIT_OF_WORK, current);
      const scope: MessageScope = {
        messageId,
        correlationId: options.correlationId ?? outer?.correlationId ?? messageId,
        traceContext: outer?.traceContext,
        items,
      };
      const run = async () => {
        const value = await work(transaction, this.publisherIn(scope));
        await this.injectTransactionFault('transaction.within', undefined, current);
        return value;
      };
      return this.ambientScope ? runInMessageScope(scope, run) : run();
    }, QUIET_COMMIT);
    const committed = unitOfWork as UnitOfWork | undefined;
    if (committed && committed.outboxed > 0) this.relay?.kick();
    if (committed) await this.injectTransactionFault('transaction.after', undefined, committed);
    return result;
  }

  private publisherIn(scope: MessageScope): Publish {
    return (contract, message, options) =>
      this.publishIn(contract as MessageContract<unknown, unknown>, message, options, scope);
  }

  private get ambientScope(): boolean {
    return this.options.messageScope !== 'explicit';
  }

  /** Subscribe to what happens to messages (handled, failed, retried, dead-lettered, published). */
  onEvent(listener: BusEventListener): () => void {
    return this.busEvents.subscribe(listener);
  }

  /** The neutral topology of this bus: topics it publishes to and its endpoints. */
  topology(): Topology {
    const topics = new Map<string, Set<string>>();
    const add = (topic: string, type: string) =>
      topics.set(topic, (topics.get(topic) ?? new Set()).add(type));
    for (const contract of this.options.publishes ?? []) add(contract.topic, contract.type);
    const endpoints = [...this.endpoints.values()].map((endpoint) => this.endpointTopology(endpoint));
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
    return this.currentState === 'created' ? this.computePlans() : this.plans;
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
    if (this.currentState !== 'created')
      return Promise.reject(new LifecycleError(`start() called on a bus that is ${this.currentState}`));
    this.currentState = 'starting';
    this.starting = this.startUp();
    return this.starting;
  }

  private async startUp(): Promise<void> {
    const retry = this.startupSettings();
    try {
      this.plans = this.computePlans();
      const topology = this.topology();
      this.declaredTopics = new Set(topology.topics.map((topic) => topic.name));
      await untilAvailable('connect to the broker', () => this.transport.connect(), retry);
      if (this.options.provision !== false) {
        await untilAvailable('provision the topology', () => this.transport.provision(topology), retry);
      }
      await this.storeWatch?.start();
      if (this.relay) await untilAvailable('start the outbox relay', () => this.relay!.start(), retry);
      for (const extension of this.extensions) await extension.start?.();
      // Publishing is allowed before consumers start, so handlers that publish on their first message can.
      this.currentState = 'started';
      for (const endpoint of topology.endpoints) {
        await untilAvailable(
          `start consuming "${endpoint.name}"`,
          () => this.startConsuming(endpoint),
          retry,
        );
      }
      this.logger.info(
        { service: this.service, transport: this.transport.name, endpoints: topology.endpoints.length },
        'Messaging started',
      );
    } catch (error) {
      this.startup = undefined;
      this.currentState = 'stopping';
      await this.shutdown();
      throw error;
    }
  }

  private startupSettings(): StartupSettings {
    return {
      deadline: Date.now() + (this.options.startTimeoutMs ?? 60_000),
      backoffMs: { initial: 200, max: 10_000 },
      logger: this.logger,
      onProgress: (progress) => {
        this.startup = progress;
      },
      stopped: this.stopCalled,
      isStopped: () => this.stopRequested,
    };
  }

  /**
   * Graceful stop: stop fetching, let in-flight handlers finish and settle (up to `shutdownTimeoutMs`, then their
   * `ctx.signal` aborts), wait for pending publishes, run extension shutdown (outbox flush), then close the
   * transport.
   */
  async stop(): Promise<void> {
    if (this.currentState === 'stopped' || this.currentState === 'stopping') return;
    if (this.currentState === 'created') {
      this.currentState = 'stopped';
      return;
    }
    // start() may still be waiting for the broker or starting consumers: end that, and let it finish first.
    this.stopRequested = true;
    this.signalStop();
    await this.starting?.catch(() => {});
    if ((this.currentState as MessagingState) === 'stopped') return;
    this.currentState = 'stopping';
    await this.shutdown();
  }

  /** Liveness and readiness with their reasons (see MessagingHealth); cheap, for health endpoints. */
  health(): MessagingHealth {
    return assessHealth({
      state: this.currentState,
      transport: this.transport.health(),
      endpoints: [...this.endpoints.keys()].map((name) => ({
        name,
        consuming: this.subscriptions.has(name),
      })),
      publishing: this.publishing.health(),
      store: this.storeWatch?.health(),
      outbox: this.relay?.health(),
      starting: this.currentState === 'starting' ? this.startup : undefined,
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
    const extensionRetention = this.extensions.find((extension) => extension.inboxRetentionMs !== undefined);
    return [...this.endpoints.values()].map((endpoint) => {
      this.innerStepsFor(endpoint); // validates the endpoint's reliability settings
      const deduplicating = this.deduplicates(endpoint);
      return computeRecoveryPlan(
        this.endpointTopology(endpoint),
        this.retryPolicyOf(endpoint),
        this.transport,
        deduplicating ? this.inboxRetentionMs() : extensionRetention?.inboxRetentionMs,
      );
    });
  }

  private retryPolicyOf(endpoint: Endpoint): RetryPolicy {
    return resolveRetryPolicy(this.options.retry, endpoint.options.retry, `Endpoint "${endpoint.name}"`);
  }

  private endpointTopology(endpoint: Endpoint): EndpointTopology {
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
      service: this.service,
      subscriptions: [...byTopic].map(([topic, messageTypes]) => ({
        topic,
        messageTypes: messageTypes.sort(),
      })),
      partitions,
      retryDelays: this.retryPolicyOf(endpoint).delays,
      concurrency,
      prefetch,
      temporary: options.temporary ?? false,
    };
  }

  private async startConsuming(topology: EndpointTopology): Promise<void> {
    const endpoint = this.endpoints.get(topology.name)!;
    const stages = { received: [], validated: [], handler: [] } as Record<
      ConsumeStage,
      Middleware<ConsumeContext>[]
    >;
    for (const { stage, middleware } of this.options.middleware?.consume ?? [])
      stages[stage].push(middleware);
    const handler = createConsumePipeline({
      service: this.service,
      transport: this.transport,
      serializer: this.options.serializer ?? jsonSerializer,
      logger: this.logger,
      instruments: this.instruments,
      events: this.busEvents,
      endpoint,
      topology,
      policy: this.retryPolicyOf(endpoint),
      middleware: stages,
      innerSteps: [
        ...this.innerStepsFor(endpoint),
        ...this.extensions.flatMap((extension) => extension.innerSteps?.(topology) ?? []),
      ],
      publish: (contract, message, options, scope) => this.publishIn(contract, message, options, scope),
      ambientScope: this.ambientScope,
      shutdownSignal: this.shutdownController.signal,
      storeWatch: this.transactional(endpoint) ? this.storeWatch : undefined,
      stopping: this.stopCalled,
    });
    const faults = this.options.faults;
    const deliveryHandler = faults
      ? withDeliveryFaults(handler, faults, this.service, this.transport)
      : handler;
    this.subscriptions.set(topology.name, await this.transport.consume(topology, deliveryHandler));
  }

  /**
   * Transaction faults match the message being handled or any message published in the unit of work — so a
   * "producer error within the transaction" for a type fires in whatever execution publishes that type.
   */
  private async injectTransactionFault(
    point: 'transaction.within' | 'transaction.after',
    context: ConsumeContext | undefined,
    unitOfWork: UnitOfWork,
  ): Promise<void> {
    const faults = this.options.faults;
    if (!faults) return;
    const types = [...(context ? [context.envelope.type] : []), ...new Set(unitOfWork.published)];
    for (const type of types) {
      const message = context && type === context.envelope.type ? context.message : undefined;
      await faults.inject(point, { service: this.service, type, message });
    }
  }

  private transactional(endpoint: Endpoint): boolean {
    return this.options.store !== undefined && endpoint.options.transactional !== false;
  }

  private deduplicates(endpoint: Endpoint): boolean {
    return (
      this.transactional(endpoint) &&
      this.inboxRetentionMs() !== undefined &&
      endpoint.options.inbox !== false
    );
  }

  /** unit of work → inbox → ordering guard → fault points around the handler. */
  private innerStepsFor(endpoint: Endpoint): Middleware<ConsumeContext>[] {
    const { store, faults } = this.options;
    const steps: Middleware<ConsumeContext>[] = [];
    const transactional = this.transactional(endpoint);
    if ((endpoint.options.inbox || endpoint.options.orderingGuard) && !transactional) {
      throw new ConfigurationError(
        `Endpoint "${endpoint.name}": the inbox and the ordering guard need a transactional endpoint on a bus with a store`,
      );
    }
    const target = (context: ConsumeContext) => ({
      service: this.service,
      type: context.envelope.type,
      message: context.message,
    });
    if (transactional && store) {
      steps.push(
        unitOfWorkStep(store, () => this.relay?.kick(), {
          beforeTransaction: faults && ((context) => faults.inject('transaction.before', target(context))),
          withinTransaction:
            faults &&
            ((context, unitOfWork) => this.injectTransactionFault('transaction.within', context, unitOfWork)),
          afterTransaction:
            faults &&
            ((context, unitOfWork) => this.injectTransactionFault('transaction.after', context, unitOfWork)),
        }),
      );
      if (this.deduplicates(endpoint)) steps.push(inboxStep);
      const guard = endpoint.options.orderingGuard;
      if (guard) steps.push(orderingGuardStep(guard === true ? {} : guard));
    }
    if (faults) {
      steps.push(async (context, next) => {
        await faults.inject('handler.before', target(context));
        await next();
        await faults.inject('handler.after', target(context));
      });
    }
    return steps;
  }

  private async dispatch(envelope: TransportMessage, context: ProduceContext): Promise<void> {
    const unitOfWork = context.scope && unitOfWorkIn(context.scope.items);
    unitOfWork?.published.push(envelope.type);
    if (unitOfWork && this.relay) {
      // Inside a transaction: stored with the transaction, published by the relay after commit.
      await unitOfWork.transaction.addToOutbox([envelope]);
      unitOfWork.outboxed++;
      await this.options.faults?.inject('outbox.save', {
        service: this.service,
        type: envelope.type,
        message: context.message,
      });
      return;
    }
    const send = (message: TransportMessage) => this.sendNow([message]);
    const custom = this.extensions.find((extension) => extension.dispatch);
    await (custom?.dispatch ? custom.dispatch(envelope, context, send) : send(envelope));
  }

  private async sendNow(messages: readonly TransportMessage[]): Promise<void> {
    try {
      await this.transport.send(messages);
    } catch (error) {
      this.publishing.failed(error);
      throw error;
    }
    this.publishing.succeeded();
  }

  private async shutdown(): Promise<void> {
    const drain = Promise.all([...this.subscriptions.values()].map((subscription) => subscription.stop()));
    const timeoutMs = this.options.shutdownTimeoutMs ?? 30_000;
    if (!(await settlesWithin(drain, timeoutMs))) {
      this.shutdownController.abort(
        new LifecycleError(
          `Bus "${this.service}" stopped waiting for handlers after ${timeoutMs} ms (shutdownTimeoutMs); the message will be redelivered`,
        ),
      );
      this.logger.warn(
        { service: this.service, timeoutMs },
        'Handlers still running at shutdown timeout; their messages will be redelivered',
      );
    }
    this.subscriptions.clear();
    if (!(await settlesWithin(Promise.allSettled(this.inFlightPublishes), timeoutMs))) {
      this.logger.warn(
        { service: this.service, timeoutMs },
        'Publishes still unconfirmed at shutdown timeout',
      );
    }
    await this.relay?.stop(timeoutMs);
    this.storeWatch?.stop();
    for (const extension of [...this.extensions].reverse()) {
      try {
        await extension.stop?.();
      } catch (error) {
        this.logger.error({ service: this.service, err: error }, 'Extension failed to stop cleanly');
      }
    }
    await this.transport.close();
    this.currentState = 'stopped';
    this.logger.info({ service: this.service }, 'Messaging stopped');
  }
}

function undeclaredTopicError(contract: MessageContract<unknown, unknown>, service: string): PublishError {
  return new PublishError(
    `Cannot publish "${contract.type}": topic "${contract.topic}" is not declared by service "${service}" (strictTopics). Add the contract to createMessaging({ publishes: [...] }), or check the contract's topic for a typo`,
    { retryable: false },
  );
}

export function createMessaging(options: MessagingOptions): Messaging {
  return new Messaging(options);
}
