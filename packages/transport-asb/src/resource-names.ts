import { createHash } from 'node:crypto';
import type { TransportMessage } from '@pragmatic-messaging/core';

// Service Bus name limits: topics 260 characters, subscriptions and rules 50, session ids 128.
const MAX_TOPIC = 260;
const MAX_SUBSCRIPTION = 50;
const MAX_RULE = 50;
const MAX_SESSION_ID = 128;

/** The rule that lets retries and replays addressed to one subscription in (see `subscriptionAddress`). */
export const DIRECT_RULE_NAME = 'pm-direct';
/** The rule every new subscription gets from Service Bus (a true filter); we replace it with type rules. */
export const DEFAULT_RULE_NAME = '$Default';

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** Keep names readable; when too long, cut and add a hash of the full name so two long names never collide. */
function fitName(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 9)}-${shortHash(name)}`;
}

export class EntityNames {
  constructor(private readonly prefix: string) {}

  topic(topic: string): string {
    return fitName(`${this.prefix}${topic}`, MAX_TOPIC);
  }

  subscription(endpoint: string): string {
    return fitName(`${this.prefix}${endpoint}`, MAX_SUBSCRIPTION);
  }

  /** One rule per handled type; rule names allow letters, digits, `.`, `-` and `_`. */
  typeRule(type: string): string {
    const safe = type.replace(/[^A-Za-z0-9._-]/g, '_');
    const name = `type-${safe}`;
    return safe === type ? fitName(name, MAX_RULE) : `${name.slice(0, MAX_RULE - 9)}-${shortHash(type)}`;
  }
}

/**
 * The `to` value that addresses one subscription. A topic delivers a message to every subscription whose rules
 * match, so a retry or replay meant for one endpoint carries this address and only that subscription's direct
 * rule accepts it; type rules accept only messages addressed to the whole topic.
 */
export function subscriptionAddress(topicEntity: string, subscriptionEntity: string): string {
  return `${topicEntity}/Subscriptions/${subscriptionEntity}`;
}

/** Messages with the same key share a session, so an ordered subscription hands them out in order. */
export function sessionIdOf(message: TransportMessage): string {
  const key = message.key ?? message.id;
  return key.length <= MAX_SESSION_ID ? key : fitName(key, MAX_SESSION_ID);
}
