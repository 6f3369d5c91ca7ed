import { type MessageRecord, messageIdOf } from './message-record.js';

export interface SendTargetSettings {
  /** What the entity accepts per message (the sender link's max-message-size). */
  maxMessageSizeBytes: number;
  /** Off when undefined. */
  duplicateDetectionWindowMs: number | undefined;
}

const SCHEDULED_ENQUEUE_TIME = 'x-opt-scheduled-enqueue-time';

/**
 * A queue or a topic: what senders address. It numbers messages (Service Bus sequence numbers are per entity),
 * drops duplicates within the detection window, and holds scheduled messages until their time.
 */
export abstract class SendTarget {
  private sequence = 0;
  private readonly scheduled = new Map<number, NodeJS.Timeout>();
  private readonly recentIds = new Map<string, number>();

  constructor(
    readonly path: string,
    readonly settings: SendTargetSettings,
  ) {}

  /** Deliver a message now, or later when it carries a scheduled enqueue time (as the SDK's send can). */
  accept(record: MessageRecord, now = Date.now()): void {
    const at = record.fields.message_annotations?.[SCHEDULED_ENQUEUE_TIME];
    if (at instanceof Date && at.getTime() > now) {
      this.schedule(record, at);
      return;
    }
    if (this.isDuplicate(record, now)) return;
    this.deliver(record, ++this.sequence, now);
  }

  /** Returns the sequence number the message will carry; it can be cancelled with it until then. */
  schedule(record: MessageRecord, at: Date): number {
    const sequenceNumber = ++this.sequence;
    const timer = setTimeout(
      () => {
        this.scheduled.delete(sequenceNumber);
        if (!this.isDuplicate(record, Date.now())) this.deliver(record, sequenceNumber, Date.now());
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    timer.unref();
    this.scheduled.set(sequenceNumber, timer);
    return sequenceNumber;
  }

  /** Cancelling an unknown or already enqueued sequence number does nothing, as on Service Bus. */
  cancel(sequenceNumber: number): void {
    clearTimeout(this.scheduled.get(sequenceNumber));
    this.scheduled.delete(sequenceNumber);
  }

  get scheduledCount(): number {
    return this.scheduled.size;
  }

  dispose(): void {
    for (const timer of this.scheduled.values()) clearTimeout(timer);
    this.scheduled.clear();
  }

  protected abstract deliver(record: MessageRecord, sequenceNumber: number, now: number): void;

  private isDuplicate(record: MessageRecord, now: number): boolean {
    const window = this.settings.duplicateDetectionWindowMs;
    const id = messageIdOf(record);
    if (window === undefined || id === undefined) return false;
    for (const [seen, at] of this.recentIds) {
      if (at > now - window) break;
      this.recentIds.delete(seen);
    }
    if (this.recentIds.has(id)) return true;
    this.recentIds.set(id, now);
    return false;
  }
}
