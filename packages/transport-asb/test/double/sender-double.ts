import type { OperationOptionsBase, ServiceBusMessage, ServiceBusMessageBatch } from '@azure/service-bus';
import type { ServiceBusSenderSurface } from '../../src/service-bus-surface.js';
import { MessageBatchDouble } from './message-batch-double.js';
import type { ServiceBusClientDouble } from './service-bus-client-double.js';

/** ServiceBusSender: batches, sends (all or nothing per call) and schedules to one topic. */
export class SenderDouble implements ServiceBusSenderSurface {
  isClosed = false;

  constructor(
    private readonly client: ServiceBusClientDouble,
    readonly entityPath: string,
  ) {}

  createMessageBatch(options: { maxSizeInBytes?: number } = {}): Promise<ServiceBusMessageBatch> {
    return this.client.operation(() => {
      const topic = this.client.topic(this.entityPath);
      const max = Math.min(
        options.maxSizeInBytes ?? Number.POSITIVE_INFINITY,
        topic.settings.maxMessageSizeInBytes,
      );
      return new MessageBatchDouble(max);
    });
  }

  sendMessages(messages: ServiceBusMessage | ServiceBusMessage[] | ServiceBusMessageBatch): Promise<void> {
    return this.client.operation(() => {
      const topic = this.client.topic(this.entityPath);
      const list =
        messages instanceof MessageBatchDouble
          ? messages.messages
          : ([] as ServiceBusMessage[]).concat(messages as ServiceBusMessage);
      for (const message of list) topic.checkSize(message);
      for (const message of list) topic.publish(message);
    });
  }

  scheduleMessages(
    messages: ServiceBusMessage | ServiceBusMessage[],
    scheduledEnqueueTimeUtc: Date,
    options?: OperationOptionsBase,
  ): Promise<number[]> {
    return this.client.operation(() => {
      const topic = this.client.topic(this.entityPath);
      const list = ([] as ServiceBusMessage[]).concat(messages);
      for (const message of list) topic.checkSize(message);
      return list.map((message) => topic.schedule(message, scheduledEnqueueTimeUtc));
    }, options?.abortSignal);
  }

  async close(): Promise<void> {
    this.isClosed = true;
  }
}
