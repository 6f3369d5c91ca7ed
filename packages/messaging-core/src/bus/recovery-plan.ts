import { ConfigurationError } from '../errors.js';
import type { MessagingExtension } from '../pipeline/messaging-extension.js';
import type { RetryPolicy } from '../pipeline/retry-policy.js';
import type { ReliabilityFeatures } from '../reliability/reliability-features.js';
import type { EndpointTopology } from '../topology/topology.js';
import type { TransportCapabilities } from '../transport/transport.js';
import type { Endpoint } from './endpoint.js';

/**
 * What happens to a failing message on one endpoint, computed at start from the bus settings, the endpoint
 * settings and the transport's capabilities. Print it with `describeRecoveryPlan` to see exactly how failures
 * are retried and where they end up.
 */
export interface RecoveryPlan {
  readonly endpoint: string;
  readonly transport: string;
  readonly immediateRetries: number;
  /** Delay before each delayed retry, ms. */
  readonly delayedRetries: readonly number[];
  readonly delayMechanism: TransportCapabilities['delayedDelivery'];
  /** Deliveries of one message at most (first + delayed retries). */
  readonly maxDeliveries: number;
  /** Handler runs of one message at most (each delivery also gets its immediate retries). */
  readonly maxHandlerRuns: number;
  /** The latest a retry can arrive after the first delivery failed, ms (sum of the delays). */
  readonly retryHorizonMs: number;
  readonly deadLetter: TransportCapabilities['deadLetter'];
  readonly ordering: string;
  /** How long processed ids are remembered for deduplication, when an inbox is on. */
  readonly inboxRetentionMs?: number | undefined;
}

const MECHANISMS: Record<TransportCapabilities['delayedDelivery'], string> = {
  'native-scheduling': 'scheduled by the broker',
  'retry-queues': 'one retry queue per delay (TTL, then back to the endpoint)',
  'retry-topics': 'one retry topic per delay, re-published when due',
  'in-process': 'timer in the broker process',
};

const DEAD_LETTERS: Record<TransportCapabilities['deadLetter'], string> = {
  native: "the broker's native dead-letter sub-queue",
  'dead-letter-queue': 'a dead-letter queue per endpoint',
  'dead-letter-topic': 'a dead-letter topic per endpoint',
  'in-process': 'an in-memory dead-letter queue per endpoint',
};

export function computeRecoveryPlan(
  endpoint: EndpointTopology,
  policy: RetryPolicy,
  transport: { readonly name: string; readonly capabilities: TransportCapabilities },
  inboxRetentionMs?: number,
): RecoveryPlan {
  const { capabilities } = transport;
  const tooLong = policy.delays.find((delay) => delay > capabilities.maxDelayMs);
  if (tooLong !== undefined) {
    throw new ConfigurationError(
      `Endpoint "${endpoint.name}": retry delay ${tooLong}ms exceeds what transport "${transport.name}" supports (${capabilities.maxDelayMs}ms)`,
    );
  }
  const retryHorizonMs = policy.delays.reduce((sum, delay) => sum + delay, 0);
  if (inboxRetentionMs !== undefined && inboxRetentionMs <= retryHorizonMs) {
    throw new ConfigurationError(
      `Endpoint "${endpoint.name}": the inbox forgets processed ids after ${inboxRetentionMs}ms, but a retry may still arrive ${retryHorizonMs}ms after the first failure — a late retry could run the handler twice. Keep ids longer than the retry horizon.`,
    );
  }
  const maxDeliveries = 1 + policy.delays.length;
  return {
    endpoint: endpoint.name,
    transport: transport.name,
    immediateRetries: policy.immediate,
    delayedRetries: policy.delays,
    delayMechanism: capabilities.delayedDelivery,
    maxDeliveries,
    maxHandlerRuns: maxDeliveries * (1 + policy.immediate),
    retryHorizonMs,
    deadLetter: capabilities.deadLetter,
    ordering: endpoint.partitions
      ? `per key, ${endpoint.partitions} partition(s) via ${capabilities.ordering}; a delayed retry leaves the partition, so later messages of its key may overtake it`
      : 'none (competing consumers)',
    inboxRetentionMs,
  };
}

export function describeRecoveryPlan(plan: RecoveryPlan): string {
  const delays = plan.delayedRetries.length
    ? `${plan.delayedRetries.map((delay) => `${delay}ms`).join(' → ')} (${MECHANISMS[plan.delayMechanism]})`
    : 'none';
  return [
    `Endpoint ${plan.endpoint} on ${plan.transport}:`,
    `  immediate retries: ${plan.immediateRetries} per delivery, in-process, no delay`,
    `  delayed retries:   ${delays}`,
    `  attempts:          counted in the "attempt" header (survives restarts); at most ${plan.maxDeliveries} deliveries, ${plan.maxHandlerRuns} handler runs`,
    `  then:              ${DEAD_LETTERS[plan.deadLetter]}, failure in the failure-* headers`,
    '  never retried:     undecodable bodies, schema violations, NonRetryableError → dead letter at once',
    `  ordering:          ${plan.ordering}`,
    plan.inboxRetentionMs === undefined
      ? '  deduplication:     off'
      : `  deduplication:     inbox remembers ids for ${plan.inboxRetentionMs}ms (retry horizon ${plan.retryHorizonMs}ms)`,
  ].join('\n');
}

export interface PlanningSettings {
  readonly transport: { readonly name: string; readonly capabilities: TransportCapabilities };
  readonly extensions: readonly MessagingExtension[];
  readonly reliability: Pick<ReliabilityFeatures, 'stepsFor' | 'deduplicates' | 'inboxRetentionMs'>;
  readonly topologyOf: (endpoint: Endpoint) => EndpointTopology;
  readonly retryPolicyOf: (endpoint: Endpoint) => RetryPolicy;
}

/**
 * The recovery plans of a bus's endpoints, checking each endpoint's reliability settings on the way. The inbox
 * retention checked is the bus's own where the endpoint deduplicates, else an extension's.
 */
export function recoveryPlansOf(endpoints: readonly Endpoint[], settings: PlanningSettings): RecoveryPlan[] {
  const { reliability, extensions } = settings;
  const extensionRetention = extensions.find((extension) => extension.inboxRetentionMs !== undefined);
  return endpoints.map((endpoint) => {
    reliability.stepsFor(endpoint); // validates the endpoint's reliability settings
    const deduplicating = reliability.deduplicates(endpoint);
    return computeRecoveryPlan(
      settings.topologyOf(endpoint),
      settings.retryPolicyOf(endpoint),
      settings.transport,
      deduplicating ? reliability.inboxRetentionMs() : extensionRetention?.inboxRetentionMs,
    );
  });
}
