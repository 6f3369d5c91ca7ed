import type {
  RetryOptions,
  ServiceBusReceiverOptions,
  ServiceBusSessionReceiverOptions,
} from '@azure/service-bus';
import type { ServiceBusClientSurface } from '../../src/service-bus-surface.js';
import { abortError, communicationProblem, entityNotFound, serviceBusError } from './double-errors.js';
import { ReceiverDouble } from './receiver-double.js';
import { SenderDouble } from './sender-double.js';
import type { ServiceBusNamespaceDouble } from './service-bus-namespace-double.js';
import { SessionReceiverDouble } from './session-receiver-double.js';
import { requireSessionMismatch, type SubscriptionEntity } from './subscription-entity.js';
import type { TopicEntity } from './topic-entity.js';
import { type SignalLike, waitForMessages } from './wait-for-messages.js';

// The SDK's RetryOptions defaults: https://learn.microsoft.com/javascript/api/@azure/core-amqp/retryoptions
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 800;
// How long the SDK takes to open a new AMQP connection after its socket was reset.
const RECONNECT_MS = 50;

/**
 * ServiceBusClient: one AMQP connection to the namespace. `simulateConnectionLoss` cuts it: receives waiting on
 * their links fail with ServiceCommunicationProblem, session locks held over this connection are lost (their
 * messages return to the subscription), and every operation during the outage is retried the way the SDK
 * retries (`retryOptions.maxRetries` times, `retryDelayInMs` apart), failing with ServiceCommunicationProblem
 * once those retries are used up. Plain message locks are held by the entity, not the connection, so they
 * survive and can still be settled afterwards (the SDK settles over its management link).
 */
export class ServiceBusClientDouble implements ServiceBusClientSurface {
  private closed = false;
  private outageUntil = 0;
  /** Fails the waits of every open link. */
  readonly interrupts = new Set<(error: Error | undefined) => void>();
  readonly sessionReceivers = new Set<SessionReceiverDouble>();
  readonly timeoutInMs: number;
  private readonly maxRetries: number;
  private readonly retryDelayInMs: number;
  /**
   * The one private path of a real ServiceBusClient the transport uses (src/amqp-connection-cut.ts): the socket of
   * its AMQP connection. Resetting it cuts this connection for as long as the SDK takes to open a new one.
   */
  readonly _connectionContext = {
    connection: {
      _connection: {
        socket: { destroyed: false, destroy: () => this.simulateConnectionLoss(RECONNECT_MS) },
      },
    },
  };

  constructor(
    readonly namespace: ServiceBusNamespaceDouble,
    options: { retryOptions?: RetryOptions } = {},
  ) {
    this.timeoutInMs = options.retryOptions?.timeoutInMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.retryOptions?.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryDelayInMs = options.retryOptions?.retryDelayInMs ?? DEFAULT_RETRY_DELAY_MS;
  }

  createSender(topicName: string): SenderDouble {
    return new SenderDouble(this, topicName);
  }

  createReceiver(
    topicName: string,
    subscriptionName: string,
    options: ServiceBusReceiverOptions = {},
  ): ReceiverDouble {
    return new ReceiverDouble(this, topicName, subscriptionName, options);
  }

  /**
   * Waits for a session that has messages and no owner, up to the operation timeout; then fails with
   * ServiceTimeout, as the SDK does when no session is available.
   */
  async acceptNextSession(
    topicName: string,
    subscriptionName: string,
    options: ServiceBusSessionReceiverOptions = {},
  ): Promise<SessionReceiverDouble> {
    const subscription = await this.operation(
      () => this.subscription(topicName, subscriptionName),
      options.abortSignal,
    );
    if (!subscription.settings.requiresSession) throw requireSessionMismatch(subscription.path, false);
    const holder = {};
    const session = await waitForMessages({
      subscription,
      attempt: () => subscription.lockNextSession(holder),
      maxWaitMs: this.timeoutInMs,
      signal: options.abortSignal,
      onTimeout: () =>
        serviceBusError(
          'ServiceTimeout',
          `No session available on '${subscription.path}' within ${this.timeoutInMs} ms.`,
        ),
      interrupts: this.interrupts,
    });
    const receiver = new SessionReceiverDouble(
      this,
      subscription,
      session.sessionId,
      session.until,
      holder,
      options,
    );
    this.sessionReceivers.add(receiver);
    return receiver;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const interrupt of [...this.interrupts]) interrupt(undefined);
    for (const receiver of [...this.sessionReceivers]) await receiver.close();
  }

  /** Cut this client's connection for `outageMs`; see the class comment for what that does. */
  simulateConnectionLoss(outageMs = 50): void {
    this.outageUntil = Date.now() + outageMs;
    for (const interrupt of [...this.interrupts]) interrupt(communicationProblem());
    for (const receiver of [...this.sessionReceivers]) receiver.lostConnection();
  }

  /** Runs one broker operation: asynchronously, as over the network, and only while connected. */
  async operation<T>(work: () => T, signal?: SignalLike): Promise<T> {
    for (let retry = 0; ; retry++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw abortError();
      if (this.closed) throw serviceBusError('GeneralError', 'The ServiceBusClient has been closed.');
      if (Date.now() >= this.outageUntil) return work();
      if (retry >= this.maxRetries) throw communicationProblem();
      await new Promise((resolve) => setTimeout(resolve, this.retryDelayInMs));
    }
  }

  topic(topicName: string): TopicEntity {
    const topic = this.namespace.topics.get(topicName);
    if (!topic) throw entityNotFound(this.namespace.host, topicName);
    return topic;
  }

  subscription(topicName: string, subscriptionName: string): SubscriptionEntity {
    const subscription = this.namespace.topics.get(topicName)?.subscriptions.get(subscriptionName);
    if (!subscription)
      throw entityNotFound(this.namespace.host, `${topicName}/Subscriptions/${subscriptionName}`);
    return subscription;
  }
}
