import type { ServiceBusMessage, ServiceBusMessageBatch } from '@azure/service-bus';
import { sizeOf } from './stored-message.js';

/** `createMessageBatch`'s result: messages are added while they fit the link's maximum message size. */
export class MessageBatchDouble implements ServiceBusMessageBatch {
  readonly messages: ServiceBusMessage[] = [];
  private size = 0;

  constructor(readonly maxSizeInBytes: number) {}

  get sizeInBytes(): number {
    return this.size;
  }

  get count(): number {
    return this.messages.length;
  }

  tryAddMessage(message: ServiceBusMessage): boolean {
    const size = sizeOf(message);
    if (this.size + size > this.maxSizeInBytes) return false;
    this.messages.push(message);
    this.size += size;
    return true;
  }
}
