import {
  attemptOf,
  type Delivery,
  deadLetterCopy,
  type FailureDetails,
  LifecycleError,
  type Logger,
  MessagingError,
  PublishError,
  retryCopy,
  type TelemetryAttributes,
  type TransportMessage,
} from '@pragmatic-messaging/core';
import { keepLockAlive } from './lock-renewal.js';
import { fromServiceBusMessage } from './message-codec.js';
import type { MessageProducer } from './message-producer.js';
import type { SubscriptionPlan } from './provisioner.js';
import { subscriptionAddress } from './resource-names.js';
import { errorCodeOf, errorMessageOf } from './service-bus-errors.js';
import type {
  PropertiesToModify,
  ReceivedServiceBusMessage,
  ServiceBusReceiverSurface,
} from './service-bus-surface.js';
import type { SettlementGate } from './settlement-gate.js';

// Service Bus keeps dead-letter reason and description short; the full text stays in our failure headers.
const MAX_DESCRIPTION_CHARS = 1024;
const FAILURE_PREFIX = 'failure-';
const REDELIVERED_AFTER_LOCK = 'Service Bus redelivers it when its lock expires.';

export interface DeliverySource {
  readonly plan: SubscriptionPlan;
  /**
   * The receiver to settle and renew through, asked at each use: after a reconnect it is a newer receiver than
   * the one the message came from (see SubscriptionPump).
   */
  readonly receiver: () => ServiceBusReceiverSurface;
  readonly producer: MessageProducer;
  readonly logger: Logger;
  /** Session receivers hold the lock for the whole session; plain receivers renew each message's lock. */
  readonly renewMessageLock: boolean;
  /** The receiver's settlement order (see SettlementGate). */
  readonly settlements: SettlementGate;
}

/**
 * One received, peek-locked message and the settlement verbs mapped onto Service Bus: ack → complete,
 * retryLater → scheduled copy to this subscription + complete, deadLetter → the native dead-letter sub-queue
 * with reason, description and our failure headers, release → abandon.
 */
export class ServiceBusDelivery implements Delivery {
  readonly message: TransportMessage;
  readonly attempt: number;
  readonly redelivered: boolean;
  private state: 'held' | 'settled' | 'returned' = 'held';
  /** What happens to the message when settling it fails; told in the error. */
  private redelivery = REDELIVERED_AFTER_LOCK;
  private readonly stopRenewal: () => void;

  constructor(
    private readonly received: ReceivedServiceBusMessage,
    private readonly source: DeliverySource,
  ) {
    this.message = fromServiceBusMessage(received, source.plan.topic);
    this.attempt = attemptOf(this.message.headers);
    // Service Bus counts abandons and lock expiries: anything above zero may have been handled before.
    this.redelivered = (received.deliveryCount ?? 0) > 0;
    this.stopRenewal = source.renewMessageLock
      ? keepLockAlive(
          () => source.receiver().renewMessageLock(received),
          received.lockedUntilUtc,
          (error) => this.lockLost(error),
        )
      : () => {};
  }

  get isHeld(): boolean {
    return this.state === 'held';
  }

  /** Aborted when the lock is lost or the transport closes under the handler (its `ctx.signal`). */
  private readonly lost = new AbortController();
  readonly signal: AbortSignal = this.lost.signal;

  spanAttributes(): TelemetryAttributes {
    return {
      'messaging.destination.subscription.name': this.source.plan.subscriptionEntity,
      'azure.servicebus.message.delivery_count': this.received.deliveryCount ?? 0,
    };
  }

  ack(): Promise<void> {
    return this.settle('complete', () => this.complete());
  }

  retryLater(delayMs: number, failure: FailureDetails): Promise<void> {
    return this.settle('schedule a retry of', async () => {
      const { topicEntity, subscriptionEntity } = this.source.plan;
      const retry = retryCopy(this.message, this.attempt, failure);
      // Scheduled first, completed second: a crash in between duplicates the message rather than losing it.
      try {
        await this.source.producer.schedule(
          retry,
          subscriptionAddress(topicEntity, subscriptionEntity),
          new Date(Date.now() + delayMs),
        );
      } catch (error) {
        // No retry exists: give the original back now, so it is redelivered at once instead of staying locked
        // (and unhandled) until its lock expires.
        this.redelivery = (await this.abandonAfterFailedRetry(error))
          ? 'It was abandoned, so Service Bus redelivers it now.'
          : REDELIVERED_AFTER_LOCK;
        throw error;
      }
      await this.complete();
    });
  }

  deadLetter(failure: FailureDetails): Promise<void> {
    return this.settle('dead-letter', () =>
      this.source.settlements.alone(() =>
        this.source.receiver().deadLetterMessage(this.received, {
          deadLetterReason: failure.reason,
          deadLetterErrorDescription: failure.message.slice(0, MAX_DESCRIPTION_CHARS),
          ...failureProperties(this.message, failure),
        }),
      ),
    );
  }

  release(): Promise<void> {
    return this.settle('abandon', () => this.abandon());
  }

  /** The transport is closing under a running handler: abandon now so another consumer gets it at once. */
  async returnToBroker(): Promise<void> {
    if (this.state !== 'held') return;
    this.state = 'returned';
    this.stopRenewal();
    this.lost.abort(
      new MessagingError('DELIVERY_LOST', 'The Service Bus transport closed; the message is redelivered'),
    );
    try {
      await this.abandon();
    } catch (error) {
      // The lock then simply expires and Service Bus redelivers the message: late, but not lost.
      this.source.logger.warn(
        { ...this.logFields(), code: errorCodeOf(error) },
        'Could not abandon a message while closing; it is redelivered when its lock expires',
      );
    }
  }

  private async settle(verb: string, action: () => Promise<void>): Promise<void> {
    if (this.state === 'returned') {
      throw new PublishError(
        `Cannot ${verb} message "${this.message.id}" of type "${this.message.type}" on endpoint ` +
          `"${this.source.plan.endpoint}": it was returned to Service Bus when the transport closed`,
      );
    }
    if (this.state === 'settled') {
      throw new LifecycleError(
        `Message "${this.message.id}" on endpoint "${this.source.plan.endpoint}" was already settled`,
      );
    }
    this.state = 'settled';
    this.stopRenewal();
    try {
      await action();
    } catch (error) {
      throw new PublishError(
        `Could not ${verb} message "${this.message.id}" of type "${this.message.type}" on endpoint ` +
          `"${this.source.plan.endpoint}" (topic "${this.source.plan.topic}"): ${errorCodeOf(error)}: ` +
          `${errorMessageOf(error)}. ${this.redelivery}`,
        { cause: error },
      );
    }
  }

  /** True when the message went back to Service Bus. */
  private async abandonAfterFailedRetry(scheduleError: unknown): Promise<boolean> {
    try {
      await this.abandon();
      return true;
    } catch (error) {
      this.source.logger.warn(
        { ...this.logFields(), code: errorCodeOf(error), scheduleCode: errorCodeOf(scheduleError) },
        'Could not abandon a message whose retry failed to schedule; it is redelivered when its lock expires',
      );
      return false;
    }
  }

  private complete(): Promise<void> {
    return this.source.settlements.complete(() => this.source.receiver().completeMessage(this.received));
  }

  private abandon(): Promise<void> {
    return this.source.settlements.alone(() => this.source.receiver().abandonMessage(this.received));
  }

  private lockLost(error: unknown): void {
    this.source.logger.warn(
      { ...this.logFields(), code: errorCodeOf(error), error: errorMessageOf(error) },
      'Lost the lock of a message being handled; Service Bus will redeliver it',
    );
    this.lost.abort(
      new MessagingError(
        'DELIVERY_LOST',
        `Lost the lock of message "${this.message.id}"; Service Bus will redeliver it`,
      ),
    );
  }

  private logFields(): Record<string, unknown> {
    return {
      endpoint: this.source.plan.endpoint,
      topic: this.source.plan.topic,
      messageId: this.message.id,
      type: this.message.type,
    };
  }
}

/**
 * Our failure headers as properties to set on the dead letter. Service Bus can only set properties here, so
 * failure headers of an earlier retry that this failure does not have are cleared with null.
 */
function failureProperties(message: TransportMessage, failure: FailureDetails): PropertiesToModify {
  const properties: PropertiesToModify = {};
  for (const name of Object.keys(message.headers)) {
    if (name.startsWith(FAILURE_PREFIX)) properties[name] = null;
  }
  for (const [name, value] of Object.entries(deadLetterCopy(message, failure).headers)) {
    if (name.startsWith(FAILURE_PREFIX)) properties[name] = value;
  }
  return properties;
}
