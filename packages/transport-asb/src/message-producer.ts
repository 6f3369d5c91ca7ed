import { isServiceBusError, type ServiceBusMessageBatch } from '@azure/service-bus';
import { type Logger, PublishError, type TransportMessage } from '@pragmatic-messaging/core';
import { toServiceBusMessage } from './message-codec.js';
import type { EntityNames } from './resource-names.js';
import { errorCodeOf, errorMessageOf, isNotFound } from './service-bus-errors.js';
import type { ServiceBusClientSurface, ServiceBusSenderSurface } from './service-bus-surface.js';

/**
 * Sends envelopes to topics in as few batches as fit (`createMessageBatch`), schedules retries
 * (`scheduleMessages`), and turns every refusal into a PublishError that names the topic and the types. Sizes
 * against `maxMessageBytes` are checked by the bus's produce pipeline; what remains here is the entity's own limit,
 * which the SDK's batch knows including the AMQP properties (a message that fits no batch is refused, named).
 */
export class MessageProducer {
  private readonly senders = new Map<string, ServiceBusSenderSurface>();

  constructor(
    private readonly client: ServiceBusClientSurface,
    private readonly names: EntityNames,
    private readonly logger: Logger,
  ) {}

  /** Publish to whole topics. Resolves once Service Bus has accepted every message. */
  async send(messages: readonly TransportMessage[]): Promise<void> {
    for (const [topic, group] of groupByTopic(messages)) {
      const topicEntity = this.names.topic(topic);
      await this.sendBatches(topic, group, topicEntity);
    }
  }

  /** Send to one subscription of a topic only (replays): `to` is that subscription's address. */
  async sendTo(topic: string, messages: readonly TransportMessage[], to: string): Promise<void> {
    await this.sendBatches(topic, messages, to);
  }

  /** Deliver to one subscription later (delayed retries): Service Bus enqueues it at `at`. */
  async schedule(message: TransportMessage, to: string, at: Date): Promise<void> {
    const topicEntity = this.names.topic(message.topic);
    try {
      await this.senderFor(topicEntity).scheduleMessages(toServiceBusMessage(message, to), at);
    } catch (error) {
      throw this.publishError(error, message.topic, [message], 'schedule');
    }
  }

  async close(): Promise<void> {
    const senders = [...this.senders.values()];
    this.senders.clear();
    await Promise.all(senders.map((sender) => sender.close()));
  }

  private async sendBatches(topic: string, messages: readonly TransportMessage[], to: string): Promise<void> {
    const topicEntity = this.names.topic(topic);
    const sender = this.senderFor(topicEntity);
    try {
      let batch = await sender.createMessageBatch();
      for (const message of messages) {
        const native = toServiceBusMessage(message, to);
        if (batch.tryAddMessage(native)) continue;
        if (batch.count === 0) throw tooLargeForBatch(message, batch);
        await sender.sendMessages(batch);
        batch = await sender.createMessageBatch();
        if (!batch.tryAddMessage(native)) throw tooLargeForBatch(message, batch);
      }
      if (batch.count > 0) await sender.sendMessages(batch);
    } catch (error) {
      if (error instanceof PublishError) throw error;
      throw this.publishError(error, topic, messages, 'send');
    }
  }

  private senderFor(topicEntity: string): ServiceBusSenderSurface {
    let sender = this.senders.get(topicEntity);
    if (!sender) {
      sender = this.client.createSender(topicEntity);
      this.senders.set(topicEntity, sender);
    }
    return sender;
  }

  private publishError(
    error: unknown,
    topic: string,
    messages: readonly TransportMessage[],
    verb: 'send' | 'schedule',
  ): PublishError {
    const topicEntity = this.names.topic(topic);
    if (isNotFound(error)) this.forgetSender(topicEntity);
    const types = [...new Set(messages.map((message) => message.type))].join('", "');
    const what = isNotFound(error) ? `topic "${topic}" does not exist (entity "${topicEntity}")` : 'refused';
    this.logger.warn({ topic, topicEntity, types, code: errorCodeOf(error) }, `Service Bus ${verb} failed`);
    return new PublishError(
      `Azure Service Bus could not ${verb} ${messages.length} message(s) of type "${types}" to topic "${topic}": ` +
        `${what} (${errorCodeOf(error)}: ${errorMessageOf(error)})`,
      {
        cause: error,
        retryable: isServiceBusError(error) ? error.retryable : true,
        scope: isNotFound(error) ? 'message' : 'broker',
      },
    );
  }

  private forgetSender(topicEntity: string): void {
    const sender = this.senders.get(topicEntity);
    this.senders.delete(topicEntity);
    sender?.close().catch((error: unknown) => {
      this.logger.debug({ topicEntity, err: error }, 'Closing a sender of a missing topic failed');
    });
  }
}

function groupByTopic(messages: readonly TransportMessage[]): Map<string, TransportMessage[]> {
  const groups = new Map<string, TransportMessage[]>();
  for (const message of messages) groups.set(message.topic, [...(groups.get(message.topic) ?? []), message]);
  return groups;
}

function tooLargeForBatch(message: TransportMessage, batch: ServiceBusMessageBatch): PublishError {
  return new PublishError(
    `Message "${message.id}" of type "${message.type}" on topic "${message.topic}" does not fit in a Service Bus ` +
      `message (the entity accepts ${batch.maxSizeInBytes} bytes including properties)`,
    { retryable: false, scope: 'message' },
  );
}
