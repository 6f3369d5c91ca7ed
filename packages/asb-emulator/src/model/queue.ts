import type { MessageRecord } from './message-record.js';
import { ReceivableEntity, type ReceivableSettings } from './receivable-entity.js';
import { SendTarget, type SendTargetSettings } from './send-target.js';

/** A queue: a send target and a receivable entity in one. */
export class Queue extends SendTarget {
  readonly entity: ReceivableEntity;
  readonly createdAt = new Date();
  updatedAt = new Date();

  constructor(
    path: string,
    sendSettings: SendTargetSettings,
    receiveSettings: ReceivableSettings,
    /** The ATOM description as created, echoed by the administration endpoint. */
    public description: Map<string, string>,
  ) {
    super(path, sendSettings);
    this.entity = new ReceivableEntity(path, receiveSettings);
  }

  protected deliver(record: MessageRecord, sequenceNumber: number, now: number): void {
    this.entity.enqueue(record, sequenceNumber, now);
  }

  override dispose(): void {
    super.dispose();
    this.entity.dispose();
  }
}
