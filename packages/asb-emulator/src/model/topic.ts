import type { MessageRecord } from './message-record.js';
import { SendTarget, type SendTargetSettings } from './send-target.js';
import type { Subscription } from './subscription.js';

/** A topic: a copy of each message goes to every subscription a rule of which matches; no match, no copy. */
export class Topic extends SendTarget {
  /** By lower-case name: Service Bus names are case-insensitive. */
  readonly subscriptions = new Map<string, Subscription>();
  readonly createdAt = new Date();
  updatedAt = new Date();

  constructor(
    path: string,
    settings: SendTargetSettings,
    public description: Map<string, string>,
  ) {
    super(path, settings);
  }

  protected deliver(record: MessageRecord, sequenceNumber: number, now: number): void {
    for (const subscription of this.subscriptions.values()) {
      if (subscription.accepts(record)) subscription.entity.enqueue(record, sequenceNumber, now);
    }
  }

  override dispose(): void {
    super.dispose();
    for (const subscription of this.subscriptions.values()) subscription.entity.dispose();
  }
}
