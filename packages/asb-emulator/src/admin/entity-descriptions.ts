import type { Tier } from '../model/namespace.js';
import type { ReceivableSettings } from '../model/receivable-entity.js';
import type { SendTargetSettings } from '../model/send-target.js';
import { INSTANCE_NS, type ParsedXml, SERVICE_BUS_NS, type XmlElement } from './atom-xml.js';
import { durationMs, MAX_DURATION } from './iso-duration.js';

export type EntityKind = 'QueueDescription' | 'TopicDescription' | 'SubscriptionDescription';

/** The description of an entity as Service Bus returns it: its properties as text, in the service's order. */
export type Description = Map<string, string>;

/** A request Service Bus would refuse (HTTP 400), with its reason. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

// Service Bus's defaults for what a create request leaves out (standard namespace).
const DEFAULTS: Record<EntityKind, Record<string, string>> = {
  QueueDescription: {
    LockDuration: 'PT1M',
    MaxSizeInMegabytes: '1024',
    RequiresDuplicateDetection: 'false',
    RequiresSession: 'false',
    DefaultMessageTimeToLive: MAX_DURATION,
    DeadLetteringOnMessageExpiration: 'false',
    DuplicateDetectionHistoryTimeWindow: 'PT10M',
    MaxDeliveryCount: '10',
    EnableBatchedOperations: 'true',
    Status: 'Active',
    AutoDeleteOnIdle: MAX_DURATION,
    EnablePartitioning: 'false',
    EnableExpress: 'false',
    EntityAvailabilityStatus: 'Available',
  },
  TopicDescription: {
    DefaultMessageTimeToLive: MAX_DURATION,
    MaxSizeInMegabytes: '1024',
    RequiresDuplicateDetection: 'false',
    DuplicateDetectionHistoryTimeWindow: 'PT10M',
    EnableBatchedOperations: 'true',
    Status: 'Active',
    SupportOrdering: 'true',
    AutoDeleteOnIdle: MAX_DURATION,
    EnablePartitioning: 'false',
    EnableExpress: 'false',
    EntityAvailabilityStatus: 'Available',
  },
  SubscriptionDescription: {
    LockDuration: 'PT1M',
    RequiresSession: 'false',
    DefaultMessageTimeToLive: MAX_DURATION,
    DeadLetteringOnMessageExpiration: 'false',
    DeadLetteringOnFilterEvaluationExceptions: 'true',
    MaxDeliveryCount: '10',
    EnableBatchedOperations: 'true',
    Status: 'Active',
    AutoDeleteOnIdle: MAX_DURATION,
    EntityAvailabilityStatus: 'Available',
  },
};

const OPTIONAL = new Set(['UserMetadata', 'MaxMessageSizeInKilobytes']);
// Refused rather than accepted without effect: auto-forwarding is not emulated.
const NOT_EMULATED = new Set(['ForwardTo', 'ForwardDeadLetteredMessagesTo']);
const IGNORED = new Set(['AuthorizationRules', 'DefaultRuleDescription', 'CountDetails', 'MessageCount']);
const MIN_LOCK_MS = 5_000;
const MAX_LOCK_MS = 5 * 60_000;
const MIN_AUTO_DELETE_MS = 5 * 60_000;

/** The description a create (or update) request asks for, with Service Bus's defaults and its validation. */
export function describe(kind: EntityKind, requested: ParsedXml, tier: Tier): Description {
  const description: Description = new Map(Object.entries(DEFAULTS[kind]));
  if (kind !== 'SubscriptionDescription') {
    description.set('MaxMessageSizeInKilobytes', tier === 'premium' ? '1024' : '256');
  }
  for (const [name, value] of Object.entries(requested)) {
    if (name.startsWith('@') || IGNORED.has(name)) continue;
    if (NOT_EMULATED.has(name)) throw new BadRequest(`${name} (auto-forwarding) is not emulated`);
    if (!description.has(name) && !OPTIONAL.has(name)) continue;
    if (typeof value !== 'string') continue;
    description.set(name, value);
  }
  validate(kind, description, requested, tier);
  return description;
}

export function receivableSettings(description: Description): ReceivableSettings {
  return {
    lockDurationMs: durationMs(description.get('LockDuration')!),
    maxDeliveryCount: Number(description.get('MaxDeliveryCount')),
    requiresSession: description.get('RequiresSession') === 'true',
    defaultMessageTimeToLiveMs: durationMs(description.get('DefaultMessageTimeToLive')!),
    deadLetteringOnMessageExpiration: description.get('DeadLetteringOnMessageExpiration') === 'true',
  };
}

export function sendTargetSettings(description: Description, tier: Tier): SendTargetSettings {
  const kilobytes = Number(description.get('MaxMessageSizeInKilobytes') ?? (tier === 'premium' ? 1024 : 256));
  return {
    maxMessageSizeBytes: kilobytes * 1024,
    duplicateDetectionWindowMs:
      description.get('RequiresDuplicateDetection') === 'true'
        ? durationMs(description.get('DuplicateDetectionHistoryTimeWindow')!)
        : undefined,
  };
}

export function autoDeleteOnIdleMs(description: Description): number {
  return durationMs(description.get('AutoDeleteOnIdle') ?? MAX_DURATION);
}

export interface RuntimeCounts {
  readonly active: number;
  readonly deadLetter: number;
  readonly scheduled: number;
  readonly subscriptions?: number;
}

/** The `<QueueDescription>` (or topic, subscription) element of a response: settings, times and counts. */
export function descriptionElement(
  kind: EntityKind,
  description: Description,
  times: { createdAt: Date; updatedAt: Date; accessedAt: Date },
  counts: RuntimeCounts,
): XmlElement {
  const children: XmlElement[] = [...description].map(([name, text]) => ({ name, text }));
  children.push(
    { name: 'CreatedAt', text: times.createdAt.toISOString() },
    { name: 'UpdatedAt', text: times.updatedAt.toISOString() },
    { name: 'AccessedAt', text: times.accessedAt.toISOString() },
    { name: 'SizeInBytes', text: '0' },
    { name: 'MessageCount', text: String(counts.active + counts.deadLetter) },
    {
      name: 'CountDetails',
      attributes: { 'xmlns:d2p1': 'http://schemas.microsoft.com/netservices/2011/06/servicebus' },
      children: [
        { name: 'd2p1:ActiveMessageCount', text: String(counts.active) },
        { name: 'd2p1:DeadLetterMessageCount', text: String(counts.deadLetter) },
        { name: 'd2p1:ScheduledMessageCount', text: String(counts.scheduled) },
        { name: 'd2p1:TransferMessageCount', text: '0' },
        { name: 'd2p1:TransferDeadLetterMessageCount', text: '0' },
      ],
    },
  );
  if (counts.subscriptions !== undefined)
    children.push({ name: 'SubscriptionCount', text: String(counts.subscriptions) });
  return { name: kind, attributes: { xmlns: SERVICE_BUS_NS, 'xmlns:i': INSTANCE_NS }, children };
}

function validate(kind: EntityKind, description: Description, requested: ParsedXml, tier: Tier): void {
  for (const name of [
    'LockDuration',
    'DefaultMessageTimeToLive',
    'AutoDeleteOnIdle',
    'DuplicateDetectionHistoryTimeWindow',
  ]) {
    const value = description.get(name);
    if (value === undefined) continue;
    try {
      durationMs(value);
    } catch {
      throw new BadRequest(`${name} '${value}' is not a valid duration`);
    }
  }
  const lock = description.get('LockDuration');
  if (lock !== undefined) {
    const ms = durationMs(lock);
    if (ms < MIN_LOCK_MS || ms > MAX_LOCK_MS) {
      throw new BadRequest(`LockDuration must be between 00:00:05 and 00:05:00, got ${lock}`);
    }
  }
  const deliveries = description.get('MaxDeliveryCount');
  if (deliveries !== undefined && !(Number(deliveries) >= 1)) {
    throw new BadRequest(`MaxDeliveryCount must be at least 1, got ${deliveries}`);
  }
  if (durationMs(description.get('AutoDeleteOnIdle') ?? MAX_DURATION) < MIN_AUTO_DELETE_MS) {
    throw new BadRequest('AutoDeleteOnIdle must be at least 5 minutes');
  }
  if (kind !== 'SubscriptionDescription' && 'MaxMessageSizeInKilobytes' in requested) {
    if (tier !== 'premium') {
      throw new BadRequest('MaxMessageSizeInKilobytes can only be set on a premium namespace');
    }
    const kilobytes = Number(description.get('MaxMessageSizeInKilobytes'));
    if (!(kilobytes >= 1024 && kilobytes <= 102_400)) {
      throw new BadRequest(`MaxMessageSizeInKilobytes must be between 1024 and 102400, got ${kilobytes}`);
    }
  }
}
