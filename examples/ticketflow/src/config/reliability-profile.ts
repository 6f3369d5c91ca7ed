import type { RetryPolicy } from '@pragmatic-messaging/core';

/** The toolkit features TicketFlow can switch, one by one or as a profile. */
export interface ReliabilityFeatures {
  /** Publish through the transactional outbox (otherwise straight to the broker: a dual write). */
  readonly outbox: boolean;
  /** Deduplicate deliveries per endpoint (otherwise a redelivery runs the handler again). */
  readonly inbox: boolean;
  /** Immediate and delayed retries (otherwise the first failure dead-letters the message). */
  readonly retries: boolean;
  /** Skip stale ticket events in SLA by entity version. */
  readonly orderingGuard: boolean;
  /** Ordered, partitioned SLA endpoint keyed by ticket id (otherwise competing consumers, no order). */
  readonly partitioning: boolean;
}

export const RELIABILITY_PROFILES = ['reliable', 'naive'] as const;
export type ReliabilityProfile = (typeof RELIABILITY_PROFILES)[number];

export const PROFILES: Record<ReliabilityProfile, ReliabilityFeatures> = {
  reliable: { outbox: true, inbox: true, retries: true, orderingGuard: true, partitioning: true },
  naive: { outbox: false, inbox: false, retries: false, orderingGuard: false, partitioning: false },
};

export function retryPolicyOf(features: ReliabilityFeatures, delays: readonly number[]): RetryPolicy {
  return features.retries ? { immediate: 2, delays } : { immediate: 0, delays: [] };
}

/** The profile a feature set matches, or 'custom'. */
export function profileOf(features: ReliabilityFeatures): ReliabilityProfile | 'custom' {
  for (const [name, profile] of Object.entries(PROFILES) as [ReliabilityProfile, ReliabilityFeatures][]) {
    if (
      (Object.keys(profile) as (keyof ReliabilityFeatures)[]).every((key) => profile[key] === features[key])
    ) {
      return name;
    }
  }
  return 'custom';
}
