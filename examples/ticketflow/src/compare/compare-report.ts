import type { ReliabilityProfile } from '../config/reliability-profile.js';
import type { TransportName } from '../config/ticketflow-config.js';

/** Latency percentiles of inquiry → ticket, ms. */
export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** Effects that must happen once per cause, counted beyond the first. */
export interface DuplicatedEffects {
  /** Operator alerts of one kind for one ticket, beyond the first. */
  readonly alerts: number;
  /** Messages to a customer or agent for one cause, beyond the first. */
  readonly messages: number;
  /** SLA deadlines or reminders of one ticket, beyond the first. */
  readonly deadlines: number;
  /** Tickets for one inquiry, beyond the first. */
  readonly tickets: number;
}

/** What one scenario on one broker with one reliability profile did, checked in the databases. */
export interface ScenarioResult {
  readonly transport: TransportName;
  readonly scenario: string;
  readonly profile: ReliabilityProfile;
  /** Why it did not run (the broker is not reachable, the fault does not apply there). */
  readonly skipped?: string;
  readonly inquiriesAccepted: number;
  readonly ticketsCreated: number;
  /** Accepted inquiries without a ticket after quiescence (and not parked in a dead-letter queue). */
  readonly lost: number;
  readonly duplicated: DuplicatedEffects;
  /** SLA applied an older ticket event after a newer one; null: not measured by this scenario. */
  readonly staleOverwrites: number | null;
  readonly deadLetters: readonly { readonly reason: string; readonly count: number }[];
  readonly latencyMs: LatencySummary | null;
  /** From the fault to the first ticket created after it, ms (null: no fault with an end). */
  readonly recoveryMs: number | null;
  readonly durationMs: number;
  /** Each invariant that does not hold, in words: where exactly, with ids. */
  readonly violations: readonly string[];
}

export interface CompareReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly seed: number;
  /** The size of the load: inquiries per run. */
  readonly inquiries: number;
  readonly transports: readonly TransportName[];
  readonly scenarios: readonly string[];
  readonly profiles: readonly ReliabilityProfile[];
  readonly results: readonly ScenarioResult[];
}

/** Duplicated effects of a run, all kinds together. */
export function duplicatesOf(result: ScenarioResult): number {
  const { alerts, messages, deadlines, tickets } = result.duplicated;
  return alerts + messages + deadlines + tickets;
}
