import type {
  CorrelationRuleFilter,
  CreateMessageBatchOptions,
  CreateSubscriptionOptions,
  CreateTopicOptions,
  DeadLetterOptions,
  OperationOptionsBase,
  PeekMessagesOptions,
  ReceiveMessagesOptions,
  RuleProperties,
  ServiceBusMessage,
  ServiceBusMessageBatch,
  ServiceBusReceivedMessage,
  ServiceBusReceiverOptions,
  ServiceBusSenderOptions,
  ServiceBusSessionReceiverOptions,
  SqlRuleFilter,
  SubscriptionProperties,
} from '@azure/service-bus';

/*
 * Exactly the part of @azure/service-bus this transport uses, with the SDK's own names and parameter types.
 * The real ServiceBusClient / ServiceBusAdministrationClient satisfy these interfaces as they are (checked in
 * create-service-bus-sdk.ts), and the in-repo double implements them, so the transport never knows which one
 * it talks to. Return types are narrowed to the fields the transport reads.
 */

export type PropertiesToModify = { [key: string]: number | boolean | string | Date | null };

/** The fields of a received message the transport reads. */
export type ReceivedServiceBusMessage = Pick<
  ServiceBusReceivedMessage,
  | 'body'
  | 'messageId'
  | 'correlationId'
  | 'contentType'
  | 'subject'
  | 'sessionId'
  | 'to'
  | 'applicationProperties'
  | 'lockToken'
  | 'deliveryCount'
  | 'lockedUntilUtc'
  | 'enqueuedTimeUtc'
  | 'deadLetterReason'
  | 'deadLetterErrorDescription'
>;

export interface ServiceBusSenderSurface {
  readonly entityPath: string;
  createMessageBatch(options?: CreateMessageBatchOptions): Promise<ServiceBusMessageBatch>;
  sendMessages(messages: ServiceBusMessage | ServiceBusMessage[] | ServiceBusMessageBatch): Promise<void>;
  scheduleMessages(
    messages: ServiceBusMessage | ServiceBusMessage[],
    scheduledEnqueueTimeUtc: Date,
    options?: OperationOptionsBase,
  ): Promise<unknown>;
  close(): Promise<void>;
}

export interface ServiceBusReceiverSurface {
  readonly entityPath: string;
  readonly isClosed: boolean;
  receiveMessages(
    maxMessageCount: number,
    options?: ReceiveMessagesOptions,
  ): Promise<ReceivedServiceBusMessage[]>;
  peekMessages(maxMessageCount: number, options?: PeekMessagesOptions): Promise<ReceivedServiceBusMessage[]>;
  completeMessage(message: ReceivedServiceBusMessage): Promise<void>;
  abandonMessage(message: ReceivedServiceBusMessage, propertiesToModify?: PropertiesToModify): Promise<void>;
  deadLetterMessage(
    message: ReceivedServiceBusMessage,
    options?: DeadLetterOptions & PropertiesToModify,
  ): Promise<void>;
  renewMessageLock(message: ReceivedServiceBusMessage): Promise<Date>;
  close(): Promise<void>;
}

export interface ServiceBusSessionReceiverSurface extends ServiceBusReceiverSurface {
  readonly sessionId: string;
  readonly sessionLockedUntilUtc: Date;
  renewSessionLock(options?: OperationOptionsBase): Promise<Date>;
}

export interface ServiceBusClientSurface {
  createSender(topicName: string, options?: ServiceBusSenderOptions): ServiceBusSenderSurface;
  createReceiver(
    topicName: string,
    subscriptionName: string,
    options?: ServiceBusReceiverOptions,
  ): ServiceBusReceiverSurface;
  acceptNextSession(
    topicName: string,
    subscriptionName: string,
    options?: ServiceBusSessionReceiverOptions,
  ): Promise<ServiceBusSessionReceiverSurface>;
  close(): Promise<void>;
}

export type SubscriptionSettings = Pick<
  SubscriptionProperties,
  'topicName' | 'subscriptionName' | 'requiresSession' | 'lockDuration' | 'maxDeliveryCount'
>;

export interface ServiceBusAdministrationSurface {
  topicExists(topicName: string): Promise<boolean>;
  createTopic(topicName: string, options?: CreateTopicOptions): Promise<unknown>;
  listTopics(): AsyncIterable<{ readonly name: string }>;
  subscriptionExists(topicName: string, subscriptionName: string): Promise<boolean>;
  getSubscription(topicName: string, subscriptionName: string): Promise<SubscriptionSettings>;
  createSubscription(
    topicName: string,
    subscriptionName: string,
    options?: CreateSubscriptionOptions,
  ): Promise<unknown>;
  listRules(topicName: string, subscriptionName: string): AsyncIterable<RuleProperties>;
  createRule(
    topicName: string,
    subscriptionName: string,
    ruleName: string,
    ruleFilter: SqlRuleFilter | CorrelationRuleFilter,
  ): Promise<unknown>;
  deleteRule(topicName: string, subscriptionName: string, ruleName: string): Promise<unknown>;
}

/** The two SDK clients the transport needs: messaging (AMQP) and administration (HTTPS). */
export interface ServiceBusSdk {
  readonly client: ServiceBusClientSurface;
  readonly administration: ServiceBusAdministrationSurface;
}
