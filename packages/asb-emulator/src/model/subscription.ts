import { matchesFilter, type Rule } from '../filters/rule.js';
import type { MessageRecord } from './message-record.js';
import { ReceivableEntity, type ReceivableSettings } from './receivable-entity.js';

/** A topic subscription: a receivable entity fed by the topic with the messages any of its rules match. */
export class Subscription {
  readonly entity: ReceivableEntity;
  readonly rules = new Map<string, Rule>();
  readonly createdAt = new Date();
  updatedAt = new Date();

  constructor(
    readonly topicPath: string,
    readonly name: string,
    settings: ReceivableSettings,
    public description: Map<string, string>,
    /** Idle time after which Service Bus deletes the subscription; Infinity for never. */
    readonly autoDeleteOnIdleMs: number,
  ) {
    this.entity = new ReceivableEntity(`${topicPath}/Subscriptions/${name}`, settings);
  }

  accepts(record: MessageRecord): boolean {
    for (const rule of this.rules.values()) if (matchesFilter(rule.filter, record)) return true;
    return false;
  }
}
