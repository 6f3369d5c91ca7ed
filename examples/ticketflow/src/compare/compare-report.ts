import { z } from 'zod';
import { RELIABILITY_PROFILES } from '../config/reliability-profile.js';
import { TRANSPORTS } from '../config/ticketflow-config.js';

// One definition of a compare report: the schemas below type the code that builds it, check GET /api/compare's
// answer, and (through the OpenAPI document) generate the Compare page's types.

/** Latency percentiles of inquiry → ticket, ms. */
export const LatencySummary = z
  .object({
    p50: z.number(),
    p95: z.number(),
    p99: z.number(),
  })
  .readonly();
export type LatencySummary = z.infer<typeof LatencySummary>;

/** Effects that must happen once per cause, counted beyond the first. */
export const DuplicatedEffects = z
  .object({
    /** Operator alerts of one kind for one ticket, beyond the first. */
    alerts: z.number().int(),
    /** Messages to a customer or agent for one cause, beyond the first. */
    messages: z.number().int(),
    /** SLA deadlines or reminders of one ticket, beyond the first. */
    deadlines: z.number().int(),
    /** Tickets for one inquiry, beyond the first. */
    tickets: z.number().int(),
  })
  .readonly();
export type DuplicatedEffects = z.infer<typeof DuplicatedEffects>;

/** What one scenario on one broker with one reliability profile did, checked in the databases. */
export const ScenarioResult = z
  .object({
    transport: z.enum(TRANSPORTS),
    scenario: z.string(),
    profile: z.enum(RELIABILITY_PROFILES),
    /** Why it did not run (the broker is not reachable, the fault does not apply there). */
    skipped: z.string().optional(),
    inquiriesAccepted: z.number().int(),
    ticketsCreated: z.number().int(),
    /** Accepted inquiries without a ticket after quiescence (and not parked in a dead-letter queue). */
    lost: z.number().int(),
    duplicated: DuplicatedEffects,
    /** SLA applied an older ticket event after a newer one; null: not measured by this scenario. */
    staleOverwrites: z.number().int().nullable(),
    deadLetters: z.array(z.object({ reason: z.string(), count: z.number().int() }).readonly()).readonly(),
    latencyMs: LatencySummary.nullable(),
    /** From the fault's end until every inquiry accepted before it has its ticket, ms (null: no fault, or one lost). */
    recoveryMs: z.number().nullable(),
    durationMs: z.number(),
    /** Each invariant that does not hold, in words: where exactly, with ids. */
    violations: z.array(z.string()).readonly(),
  })
  .readonly();
export type ScenarioResult = z.infer<typeof ScenarioResult>;

export const CompareReport = z
  .object({
    startedAt: z.string(),
    finishedAt: z.string(),
    seed: z.number().int(),
    /** The size of the load: inquiries per run. */
    inquiries: z.number().int(),
    transports: z.array(z.enum(TRANSPORTS)).readonly(),
    scenarios: z.array(z.string()).readonly(),
    profiles: z.array(z.enum(RELIABILITY_PROFILES)).readonly(),
    results: z.array(ScenarioResult).readonly(),
  })
  .readonly();
export type CompareReport = z.infer<typeof CompareReport>;

/** Duplicated effects of a run, all kinds together. */
export function duplicatesOf(result: ScenarioResult): number {
  const { alerts, messages, deadlines, tickets } = result.duplicated;
  return alerts + messages + deadlines + tickets;
}
