import type { ServiceBusMessage } from '@azure/service-bus';
import { serviceBusError } from './double-errors.js';
import { sizeOf } from './stored-message.js';
import type { SubscriptionEntity } from './subscription-entity.js';

export interface TopicSettingsDouble {
  maxMessageSizeInBytes: number;
  requiresDuplicateDetection: boolean;
  duplicateDetectionWindowMs: number;
}

/**
 * A topic: accepts a message only if it fits, then gives every subscription whose rules match a copy. With no
 * matching subscription the message is accepted and dropped — Service Bus does not report it
 * (https://learn.microsoft.com/azure/service-bus-messaging/service-bus-queues-topics-subscriptions#topics-and-subscriptions).
 * Duplicate detection drops a message whose id was seen within the window
 * (https://learn.microsoft.com/azure/service-bus-messaging/duplicate-detection).
 */
export class TopicEntity {
  readonly subscriptions = new Map<string, SubscriptionEntity>();
  private readonly recentIds = new Map<string, number>();
  private readonly scheduled = new Set<NodeJS.Timeout>();

  constructor(
    readonly name: string,
    readonly settings: TopicSettingsDouble,
    private readonly nextSequenceNumber: () => number,
  ) {}

  checkSize(message: ServiceBusMessage): void {
    const size = sizeOf(message);
    if (size > this.settings.maxMessageSizeInBytes) {
      throw serviceBusError(
        'MessageSizeExceeded',
        `The received message (delivery-id:0, size:${size} bytes) exceeds the limit (${this.settings.maxMessageSizeInBytes} bytes) currently allowed on the link.`,
      );
    }
  }

  publish(message: ServiceBusMessage): void {
    const sequenceNumber = this.nextSequenceNumber();
    if (this.isDuplicate(message)) return;
    for (const subscription of this.subscriptions.values()) {
      if (subscription.accepts(message)) subscription.enqueue(message, sequenceNumber);
    }
  }

  /** Scheduled messages stay on the topic until their time, then fan out like a fresh send. */
  schedule(message: ServiceBusMessage, at: Date): number {
    const sequenceNumber = this.nextSequenceNumber();
    const timer = setTimeout(
      () => {
        this.scheduled.delete(timer);
        if (this.isDuplicate(message)) return;
        for (const subscription of this.subscriptions.values()) {
          if (subscription.accepts(message)) subscription.enqueue(message, sequenceNumber);
        }
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    this.scheduled.add(timer);
    return sequenceNumber;
  }

  dispose(): void {
    for (const timer of this.scheduled) clearTimeout(timer);
    for (const subscription of this.subscriptions.values()) subscription.dispose();
  }

  private isDuplicate(message: ServiceBusMessage): boolean {
    if (!this.settings.requiresDuplicateDetection || message.messageId === undefined) return false;
    const id = String(message.messageId);
    const now = Date.now();
    const seen = this.recentIds.get(id);
    if (seen !== undefined && now - seen < this.settings.duplicateDetectionWindowMs) return true;
    this.recentIds.set(id, now);
    return false;
  }
}
