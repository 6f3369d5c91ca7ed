import type { Queue } from './queue.js';
import type { ReceivableEntity, SubQueue } from './receivable-entity.js';
import type { SendTarget } from './send-target.js';
import { entityNotFound } from './service-bus-fault.js';
import type { Subscription } from './subscription.js';
import type { Topic } from './topic.js';

export type Tier = 'standard' | 'premium';

/** Where a receiver link reads: an entity and which of its sub-queues. */
export interface ReceiveSource {
  readonly entity: ReceivableEntity;
  readonly queue: SubQueue;
}

const SUBSCRIPTIONS = '/subscriptions/';
const DEAD_LETTER_SUFFIX = '/$deadletterqueue';
const IDLE_SWEEP_MS = 10_000;

/** The entities of one namespace. Service Bus names are case-insensitive, so maps are keyed in lower case. */
export class Namespace {
  readonly queues = new Map<string, Queue>();
  readonly topics = new Map<string, Topic>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly tier: Tier,
    /** Shown in ATOM ids and links, e.g. `127.0.0.1:5673`. */
    readonly host: string,
  ) {
    this.sweeper = setInterval(() => this.deleteIdleSubscriptions(), IDLE_SWEEP_MS);
    this.sweeper.unref();
  }

  /** Standard: 256 KiB. Premium: 1 MiB unless an entity says otherwise (up to 100 MiB). */
  get defaultMaxMessageSizeBytes(): number {
    return this.tier === 'premium' ? 1024 * 1024 : 256 * 1024;
  }

  sendTarget(path: string): SendTarget {
    const key = path.toLowerCase();
    const target = this.queues.get(key) ?? this.topics.get(key);
    if (!target) throw entityNotFound(path);
    return target;
  }

  /** `queue`, `topic/Subscriptions/name`, either with `/$DeadLetterQueue`. */
  receiveSource(path: string): ReceiveSource {
    let key = path.toLowerCase();
    let queue: SubQueue = 'active';
    if (key.endsWith(DEAD_LETTER_SUFFIX)) {
      key = key.slice(0, -DEAD_LETTER_SUFFIX.length);
      queue = 'deadLetter';
    }
    const at = key.lastIndexOf(SUBSCRIPTIONS);
    if (at < 0) {
      const found = this.queues.get(key);
      if (!found) throw entityNotFound(path);
      return { entity: found.entity, queue };
    }
    const subscription = this.subscription(key.slice(0, at), key.slice(at + SUBSCRIPTIONS.length));
    if (!subscription) throw entityNotFound(path);
    return { entity: subscription.entity, queue };
  }

  subscription(topicPath: string, name: string): Subscription | undefined {
    return this.topics.get(topicPath.toLowerCase())?.subscriptions.get(name.toLowerCase());
  }

  dispose(): void {
    clearInterval(this.sweeper);
    for (const queue of this.queues.values()) queue.dispose();
    for (const topic of this.topics.values()) topic.dispose();
  }

  /** AutoDeleteOnIdle: a subscription nobody received from for that long is deleted, messages and all. */
  private deleteIdleSubscriptions(now = Date.now()): void {
    for (const topic of this.topics.values()) {
      for (const [key, subscription] of topic.subscriptions) {
        const { entity } = subscription;
        if (entity.receiverCount > 0) entity.touch();
        if (now - entity.lastActivity < subscription.autoDeleteOnIdleMs) continue;
        entity.dispose();
        topic.subscriptions.delete(key);
      }
    }
  }
}
