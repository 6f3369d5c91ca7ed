import type {
  DeadLetterOptions,
  PeekMessagesOptions,
  ReceiveMessagesOptions,
  ServiceBusReceiverOptions,
} from '@azure/service-bus';
import type {
  PropertiesToModify,
  ReceivedServiceBusMessage,
  ServiceBusReceiverSurface,
} from '../../src/service-bus-surface.js';
import { serviceBusError } from './double-errors.js';
import { type ReceivedMessageDouble, receivedMessageOf } from './received-message-double.js';
import type { ServiceBusClientDouble } from './service-bus-client-double.js';
import type { StoredMessage } from './stored-message.js';
import { requireSessionMismatch, type SubQueue, type SubscriptionEntity } from './subscription-entity.js';
import { waitForMessages } from './wait-for-messages.js';

// The SDK's default wait of receiveMessages for a first message.
const DEFAULT_MAX_WAIT_MS = 60_000;

/** ServiceBusReceiver on a subscription or on its dead-letter sub-queue (`subQueueType: 'deadLetter'`). */
export class ReceiverDouble implements ServiceBusReceiverSurface {
  isClosed = false;
  readonly entityPath: string;
  readonly receiveMode: 'peekLock' | 'receiveAndDelete';
  protected readonly queue: SubQueue;
  protected readonly skipParsingBodyAsJson: boolean;
  /** The peek cursor: each peek continues after the last message the previous one returned. */
  private lastPeeked = 0;

  constructor(
    protected readonly client: ServiceBusClientDouble,
    protected readonly topicName: string,
    protected readonly subscriptionName: string,
    options: ServiceBusReceiverOptions = {},
    protected readonly holder: object = {},
  ) {
    this.queue = options.subQueueType === 'deadLetter' ? 'deadLetter' : 'active';
    this.receiveMode = options.receiveMode ?? 'peekLock';
    this.skipParsingBodyAsJson = options.skipParsingBodyAsJson ?? false;
    const path = `${topicName}/Subscriptions/${subscriptionName}`;
    this.entityPath = this.queue === 'deadLetter' ? `${path}/$DeadLetterQueue` : path;
  }

  async receiveMessages(
    maxMessageCount: number,
    options: ReceiveMessagesOptions = {},
  ): Promise<ReceivedMessageDouble[]> {
    const subscription = await this.client.operation(() => this.usableSubscription(), options.abortSignal);
    const outcome = await waitForMessages<StoredMessage[] | Error>({
      subscription,
      attempt: () => {
        const taken = this.take(subscription, maxMessageCount);
        return taken instanceof Error || taken.length > 0 ? taken : undefined;
      },
      maxWaitMs: options.maxWaitTimeInMs ?? DEFAULT_MAX_WAIT_MS,
      signal: options.abortSignal,
      onTimeout: () => [],
      interrupts: this.client.interrupts,
    });
    if (outcome instanceof Error) throw outcome;
    return outcome.map((stored) => receivedMessageOf(stored, this.skipParsingBodyAsJson));
  }

  /** Peek sees locked and unlocked messages alike, locks nothing and counts no delivery. */
  async peekMessages(
    maxMessageCount: number,
    options: PeekMessagesOptions = {},
  ): Promise<ReceivedMessageDouble[]> {
    const subscription = await this.client.operation(() => this.openSubscription(), options.abortSignal);
    const from =
      options.fromSequenceNumber === undefined ? this.lastPeeked + 1 : Number(options.fromSequenceNumber);
    const page = this.visible(subscription)
      .filter((stored) => stored.sequenceNumber >= from)
      .slice(0, maxMessageCount);
    if (page.length > 0) this.lastPeeked = page[page.length - 1]!.sequenceNumber;
    return page.map((stored) => ({
      ...receivedMessageOf(stored, this.skipParsingBodyAsJson),
      lockToken: undefined,
    }));
  }

  completeMessage(message: ReceivedServiceBusMessage): Promise<void> {
    return this.settle((subscription) => subscription.complete(this.queue, message.lockToken, this.holder));
  }

  abandonMessage(message: ReceivedServiceBusMessage, propertiesToModify?: PropertiesToModify): Promise<void> {
    return this.settle((subscription) =>
      subscription.abandon(this.queue, message.lockToken, this.holder, propertiesToModify),
    );
  }

  deadLetterMessage(
    message: ReceivedServiceBusMessage,
    options: DeadLetterOptions & PropertiesToModify = {
      deadLetterReason: '',
      deadLetterErrorDescription: '',
    },
  ): Promise<void> {
    const { deadLetterReason, deadLetterErrorDescription, ...properties } = options;
    return this.settle((subscription) => {
      if (this.queue === 'deadLetter') {
        throw serviceBusError(
          'GeneralError',
          'A message in a dead-letter queue cannot be dead-lettered again.',
        );
      }
      subscription.deadLetter(
        message.lockToken,
        this.holder,
        deadLetterReason,
        deadLetterErrorDescription,
        properties,
      );
    });
  }

  renewMessageLock(message: ReceivedServiceBusMessage): Promise<Date> {
    return this.settle((subscription) => subscription.renewLock(this.queue, message.lockToken, this.holder));
  }

  async close(): Promise<void> {
    this.isClosed = true;
  }

  protected take(subscription: SubscriptionEntity, max: number): StoredMessage[] | Error {
    return this.receiveMode === 'receiveAndDelete'
      ? subscription.takeAvailable(this.queue, max)
      : subscription.lockAvailable(this.queue, max, this.holder);
  }

  protected visible(subscription: SubscriptionEntity): StoredMessage[] {
    return subscription.messagesOf(this.queue);
  }

  /** A plain receiver cannot read a session-enabled subscription (its dead-letter queue it can). */
  protected usableSubscription(): SubscriptionEntity {
    const subscription = this.openSubscription();
    if (this.queue === 'active' && subscription.settings.requiresSession) {
      throw requireSessionMismatch(subscription.path, true);
    }
    return subscription;
  }

  protected openSubscription(): SubscriptionEntity {
    if (this.isClosed) {
      throw serviceBusError(
        'GeneralError',
        `The receiver for "${this.entityPath}" has been closed and can no longer be used.`,
      );
    }
    return this.client.subscription(this.topicName, this.subscriptionName);
  }

  private async settle<T>(action: (subscription: SubscriptionEntity) => T): Promise<T> {
    if (this.receiveMode === 'receiveAndDelete') {
      throw new Error('The operation is not supported in "receiveAndDelete" receive mode.');
    }
    return this.client.operation(() => {
      const subscription = this.openSubscription();
      this.assertCanSettle(subscription);
      return action(subscription);
    });
  }

  /** Session receivers settle only while they own the session. */
  protected assertCanSettle(_subscription: SubscriptionEntity): void {}
}
