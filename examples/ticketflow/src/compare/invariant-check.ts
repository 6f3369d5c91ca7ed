import type { TransportName } from '../config/ticketflow-config.js';
import type { DuplicatedEffects, LatencySummary } from './compare-report.js';
import { type DeadLetterSummary, deadLetterReason } from './dead-letter-reason.js';
import type { Deployment } from './deployment.js';
import type { LoadItem } from './load-driver.js';

export interface CheckedInvariants {
  readonly ticketsCreated: number;
  readonly lost: number;
  readonly duplicated: DuplicatedEffects;
  readonly staleOverwrites: number | null;
  readonly deadLetters: { reason: string; count: number }[];
  readonly latencyMs: LatencySummary | null;
  /** When each inquiry's ticket was created (ms since epoch), by inquiry id: for the recovery time. */
  readonly ticketCreatedAt: ReadonlyMap<string, number>;
  readonly violations: string[];
}

const QUIET_MS = 2_000;
const QUIESCENCE_LIMIT_MS = 30_000;

/**
 * How long effects must stay unchanged before the run is checked. On Azure Service Bus a delivery held by a
 * receiver whose connection was cut, or whose process was killed, comes back only when its lock expires (60 s by
 * default, TicketFlow's setting): a shorter quiet period would count that late message as lost.
 */
export function quietPeriodMs(transport: TransportName, scenario: string): number {
  const locksHeldByTheFault = scenario === 'connection-drop' || scenario === 'consumer-kill';
  return transport === 'asb' && locksHeldByTheFault ? ASB_LOCK_MS + QUIET_MS : QUIET_MS;
}

const ASB_LOCK_MS = 60_000;

/** Waits until this load's effects stop changing in the databases (no ticket, alert, message or SLA change). */
export async function awaitQuiescence(
  deployment: Deployment,
  tag: string,
  quietMs = QUIET_MS,
): Promise<void> {
  const fingerprint = async () =>
    JSON.stringify(
      await deployment.query(
        `SELECT (SELECT count(*) FROM tickets.tickets WHERE title LIKE $1) AS tickets,
                (SELECT coalesce(sum(version), 0) FROM tickets.tickets WHERE title LIKE $1) AS versions,
                (SELECT count(*) FROM communication.alerts WHERE message LIKE $2) AS alerts,
                (SELECT count(*) FROM communication.messages WHERE recipent_email LIKE $3) AS messages,
                (SELECT coalesce(sum(version), 0) FROM sla.tickets WHERE title LIKE $1) AS sla,
                (SELECT count(*) FROM sla.tickets WHERE title LIKE $1 AND blocked_since IS NOT NULL) AS blocked`,
        [`${tag} %`, `%“${tag} %`, `${tag.toLowerCase()}-%`],
      ),
    );
  const limit = Date.now() + QUIESCENCE_LIMIT_MS + quietMs;
  let last = await fingerprint();
  let quietSince = Date.now();
  while (Date.now() < limit) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const current = await fingerprint().catch(() => last);
    if (current !== last) {
      last = current;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
  }
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index]!);
}

interface DeadLetter extends DeadLetterSummary {
  readonly body: unknown;
}

/** What a scenario adds to the checks. */
export interface ScenarioChecks {
  /** The load blocked and unblocked every ticket: count SLA's stale overwrites. */
  readonly blockAndUnblock?: boolean | undefined;
  /** A dead letter of the run must have a reason matching this. */
  readonly expectedDeadLetter?: RegExp | undefined;
}

/**
 * Stale overwrites of the block/unblock load: Tickets unblocked the ticket, yet SLA believes it blocked (its
 * clock stopped) — the TicketBlocked was applied after the newer TicketUnblocked.
 */
async function staleOverwritesOf(
  deployment: Deployment,
  ids: string[],
  violations: string[],
): Promise<number> {
  const stale = await deployment.query<{ id: string; title: string }>(
    `SELECT t.id, t.title FROM tickets.tickets t JOIN sla.tickets s ON s.ticket_id = t.id
      WHERE t.id = ANY($1::uuid[]) AND t.status <> 'Blocked' AND s.blocked_since IS NOT NULL`,
    [ids],
  );
  for (const row of stale) {
    violations.push(
      `ticket ${row.id} ("${row.title}") is unblocked in Tickets but blocked in SLA: a stale TicketBlocked overwrote the newer state`,
    );
  }
  return stale.length;
}

/** The invariants of one run, read from the services' own tables (and the dead-letter queues over HTTP). */
export async function checkInvariants(
  deployment: Deployment,
  tag: string,
  items: LoadItem[],
  checks: ScenarioChecks = {},
): Promise<CheckedInvariants> {
  const accepted = items.filter((item) => item.id);
  const ids = accepted.map((item) => item.id!);
  const violations: string[] = [];
  const tickets = await deployment.query<{
    id: string;
    title: string;
    type: string | null;
    version: number;
    created_at: Date | string;
  }>('SELECT id, title, type, version, created_at FROM tickets.tickets WHERE id = ANY($1::uuid[])', [ids]);
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  const letters = await fetch(`${deployment.url}/api/system/dead-letters`, {
    signal: AbortSignal.timeout(10_000),
  })
    .then((response) => (response.ok ? (response.json() as Promise<DeadLetter[]>) : []))
    .catch(() => [] as DeadLetter[]);
  const ours = letters.filter((letter) => JSON.stringify(letter.body).includes(tag));
  const deadLettered = new Set(ours.map((letter) => JSON.stringify(letter.body)));
  const reasons = new Map<string, number>();
  for (const letter of ours) {
    const reason = deadLetterReason(letter);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }

  if (
    checks.expectedDeadLetter &&
    ![...reasons.keys()].some((reason) => checks.expectedDeadLetter!.test(reason))
  ) {
    violations.push(
      `no dead letter of this run has a reason matching ${checks.expectedDeadLetter} (dead letters: ${[...reasons.keys()].join(', ') || 'none'})`,
    );
  }

  let lost = 0;
  for (const item of accepted) {
    if (byId.has(item.id!)) continue;
    const parked = [...deadLettered].some((body) => body.includes(item.id!));
    if (!parked) {
      lost++;
      violations.push(
        `inquiry ${item.id} ("${item.title}") was accepted but has no ticket and no dead letter`,
      );
    }
  }

  // One Incident alert per incident ticket: more is a duplicated effect, none a lost one.
  const alerts = await deployment.query<{ message: string }>(
    "SELECT message FROM communication.alerts WHERE type = 'Incident' AND message LIKE $1",
    [`%“${tag} %`],
  );
  let duplicatedAlerts = 0;
  for (const ticket of tickets.filter(
    (candidate) => candidate.type === 'IncidentTicket' || candidate.type === 'Incident',
  )) {
    const count = alerts.filter((alert) => alert.message.includes(`“${ticket.title}”`)).length;
    if (count > 1) {
      duplicatedAlerts += count - 1;
      violations.push(`incident ${ticket.id} ("${ticket.title}") raised ${count} alerts`);
    } else if (count === 0) {
      lost++;
      violations.push(`incident ${ticket.id} ("${ticket.title}") raised no alert`);
    }
  }

  // Messages to one customer with the same title and text: sent more than once.
  const messages = await deployment.query<{ recipent_email: string; title: string; copies: number }>(
    `SELECT recipent_email, title, count(*)::int AS copies FROM communication.messages
      WHERE recipent_email LIKE $1 GROUP BY recipent_email, title, content HAVING count(*) > 1`,
    [`${tag.toLowerCase()}-%`],
  );
  const duplicatedMessages = messages.reduce((sum, row) => sum + row.copies - 1, 0);
  for (const row of messages)
    violations.push(`${row.copies} copies of the message "${row.title}" to ${row.recipent_email}`);

  const reminders = await deployment.query<{ ticket: string; copies: number }>(
    `SELECT service_source_id AS ticket, count(*)::int AS copies FROM sla.deadline_reminders
      WHERE service_source_id = ANY($1::uuid[]) GROUP BY service_source_id HAVING count(*) > 1`,
    [ids],
  );
  const duplicatedDeadlines = reminders.reduce((sum, row) => sum + row.copies - 1, 0);

  const latencies = accepted
    .filter((item) => byId.has(item.id!))
    .map((item) => new Date(byId.get(item.id!)!.created_at).getTime() - item.submittedAt)
    .sort((a, b) => a - b);
  return {
    ticketsCreated: tickets.length,
    lost,
    duplicated: {
      alerts: duplicatedAlerts,
      messages: duplicatedMessages,
      deadlines: duplicatedDeadlines,
      tickets: 0,
    },
    // Measured where the load blocks and unblocks tickets: versions alone cannot tell a stale overwrite (SLA's
    // projection does not take every ticket version), the blocked state can.
    staleOverwrites: checks.blockAndUnblock ? await staleOverwritesOf(deployment, ids, violations) : null,
    deadLetters: [...reasons].map(([reason, count]) => ({ reason, count })),
    latencyMs: latencies.length
      ? { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) }
      : null,
    ticketCreatedAt: new Map(tickets.map((ticket) => [ticket.id, new Date(ticket.created_at).getTime()])),
    violations,
  };
}
