import type { ConcurrencyLimit, DeliveryHandler, Logger } from '@pragmatic-messaging/core';
import type { ConnectionHealth } from './connection-health.js';
import type { MessageProducer } from './message-producer.js';
import type { SubscriptionPlan } from './provisioner.js';
import { type DeliverySource, ServiceBusDelivery } from './service-bus-delivery.js';
import { errorCodeOf, errorMessageOf } from './service-bus-errors.js';
import type {
  ReceivedServiceBusMessage,
  ServiceBusClientSurface,
  ServiceBusReceiverSurface,
} from './service-bus-surface.js';
import { SettlementGate } from './settlement-gate.js';

const MAX_RECONNECT_DELAY_MS = 30_000;

export interface PumpSettings {
  readonly client: ServiceBusClientSurface;
  readonly plan: SubscriptionPlan;
  readonly gate: ConcurrencyLimit;
  /** At most this many messages locked ahead by one receive. */
  readonly prefetch: number;
  readonly handler: DeliveryHandler;
  readonly producer: MessageProducer;
  readonly health: ConnectionHealth;
  readonly logger: Logger;
  readonly reconnectDelayMs: number;
  readonly sessionIdleTimeoutMs: number;
}

/**
 * The shared life of a receive loop: a stop signal, the deliveries handed out and not yet finished, the
 * back-off after failures, and handing each message to the bus under the endpoint's concurrency limit.
 */
export abstract class ReceivePump {
  protected readonly stopping = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly held = new Set<ServiceBusDelivery>();
  private readonly settlements = new WeakMap<ServiceBusReceiverSurface, SettlementGate>();
  /** Open receivers; settling goes through them, so they close only after the handlers. */
  protected readonly receivers = new Set<ServiceBusReceiverSurface>();
  private loop: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(protected readonly settings: PumpSettings) {}

  protected abstract run(): Promise<void>;

  /** A name for logs and health details, e.g. `orders/Subscriptions/billing`. */
  protected get source(): string {
    return `${this.settings.plan.topicEntity}/Subscriptions/${this.settings.plan.subscriptionEntity}`;
  }

  start(): void {
    this.loop = this.run().catch((error: unknown) => {
      this.settings.health.failed(this.source, error);
      this.settings.logger.error(
        { endpoint: this.settings.plan.endpoint, source: this.source, err: error },
        'Service Bus receive loop stopped unexpectedly',
      );
    });
  }

  /** Stop receiving, then wait until every delivery already handed out is settled. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await Promise.all(this.inFlight);
    await this.closeReceivers();
  }

  /** Closing: stop receiving and give unsettled messages back to Service Bus without waiting for handlers. */
  async abandonHeld(): Promise<void> {
    this.stopping.abort();
    await Promise.all([...this.held].map((delivery) => delivery.returnToBroker()));
    await this.closeReceivers();
  }

  protected async closeReceiver(receiver: ServiceBusReceiverSurface): Promise<void> {
    this.receivers.delete(receiver);
    try {
      await receiver.close();
    } catch (error) {
      this.settings.logger.warn(
        { endpoint: this.settings.plan.endpoint, source: this.source, code: errorCodeOf(error) },
        'Closing a Service Bus receiver failed',
      );
    }
  }

  private async closeReceivers(): Promise<void> {
    await Promise.all([...this.receivers].map((receiver) => this.closeReceiver(receiver)));
  }

  protected get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Hand a message to the bus; `slot` is the concurrency slot it holds until it settles. */
  protected dispatch(
    received: ReceivedServiceBusMessage,
    receiver: ServiceBusReceiverSurface,
    renewMessageLock: boolean,
  ): Promise<void> {
    const source: DeliverySource = {
      plan: this.settings.plan,
      receiver: () => this.settleThrough(receiver),
      producer: this.settings.producer,
      logger: this.settings.logger,
      renewMessageLock,
      settlements: this.settlementsOf(receiver),
    };
    const delivery = new ServiceBusDelivery(received, source);
    this.held.add(delivery);
    const handled = this.settings
      .handler(delivery)
      .catch((error: unknown) => this.handlerFailed(delivery, error))
      .finally(() => {
        this.held.delete(delivery);
        this.inFlight.delete(handled);
        this.settings.gate.release();
      });
    this.inFlight.add(handled);
    return handled;
  }

  /** The receiver that settles a message received by `receiver`: that one, unless a pump knows better. */
  protected settleThrough(receiver: ServiceBusReceiverSurface): ServiceBusReceiverSurface {
    return receiver;
  }

  private settlementsOf(receiver: ServiceBusReceiverSurface): SettlementGate {
    let gate = this.settlements.get(receiver);
    if (!gate) {
      gate = new SettlementGate();
      this.settlements.set(receiver, gate);
    }
    return gate;
  }

  /** True from a failure until the next successful receive. */
  protected get recovering(): boolean {
    return this.failures > 0;
  }

  protected received(): void {
    this.failures = 0;
    this.settings.health.recovered(this.source);
  }

  /** Record the failure, then wait (exponentially longer, abortable) before the loop tries again. */
  protected async failed(error: unknown, doing: string): Promise<void> {
    this.settings.health.failed(this.source, error);
    this.settings.logger.warn(
      {
        endpoint: this.settings.plan.endpoint,
        source: this.source,
        code: errorCodeOf(error),
        error: errorMessageOf(error),
      },
      `Service Bus ${doing} failed; retrying`,
    );
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, this.settings.reconnectDelayMs * 2 ** this.failures++);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delay);
      this.stopping.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  private async handlerFailed(delivery: ServiceBusDelivery, error: unknown): Promise<void> {
    this.settings.logger.error(
      { endpoint: this.settings.plan.endpoint, messageId: delivery.message.id, err: error },
      'Handling a Service Bus message failed outside the pipeline; abandoning it',
    );
    if (!delivery.isHeld) return;
    await delivery.release().catch((releaseError: unknown) => {
      this.settings.logger.warn(
        {
          endpoint: this.settings.plan.endpoint,
          messageId: delivery.message.id,
          code: errorCodeOf(releaseError),
        },
        'Could not abandon the message; Service Bus redelivers it when its lock expires',
      );
    });
  }
}
