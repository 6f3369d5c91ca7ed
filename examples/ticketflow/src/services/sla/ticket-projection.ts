import type { SqlExecutor } from '@pragmatic-messaging/core';

/** SLA's own copy of what it needs to know about a ticket, built from ticket events. */
export interface TicketProjectionRow {
  ticket_id: string;
  email: string;
  title: string;
  created_at: Date | string;
  /** The last ticket version fully applied here (the ordering guard compares against it). */
  version: number;
  agent_user_id: string | null;
  assigned_at: Date | string | null;
  blocked_since: Date | string | null;
  resolved_at: Date | string | null;
  /** The newest version of an event stored while the ticket had no deadline yet, applied on qualification. */
  pending_version: number | null;
}

const isoOrNull = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** The projection as `GET /api/sla/tickets/{ticketId}` returns it. */
export function ticketProjectionEntry(row: TicketProjectionRow) {
  return {
    ticketId: row.ticket_id,
    title: row.title,
    version: row.version,
    agentUserId: row.agent_user_id,
    assignedAt: isoOrNull(row.assigned_at),
    blocked: row.blocked_since !== null,
    blockedSince: isoOrNull(row.blocked_since),
    resolvedAt: isoOrNull(row.resolved_at),
  };
}

/**
 * A ticket event arrived before the TicketCreated it depends on (reordered, or TicketCreated still retrying).
 * Thrown so the bus retries it: by then the ticket is usually known.
 */
export class TicketNotProjectedError extends Error {
  constructor(ticketId: string, eventType: string) {
    super(
      `SLA does not know ticket ${ticketId} yet (no TicketCreated handled); "${eventType}" will be retried`,
    );
    this.name = 'TicketNotProjectedError';
  }
}

export async function loadProjectedTicket(
  sql: SqlExecutor,
  ticketId: string,
  eventType: string,
): Promise<TicketProjectionRow> {
  const { rows } = await sql.query<TicketProjectionRow>(
    'SELECT * FROM sla.tickets WHERE ticket_id = $1 FOR UPDATE',
    [ticketId],
  );
  if (!rows[0]) throw new TicketNotProjectedError(ticketId, eventType);
  return rows[0];
}

/** The ticket's version as SLA applied it: what the ordering guard compares incoming events with. */
export async function projectedVersion(sql: SqlExecutor, ticketId: string): Promise<number | undefined> {
  const { rows } = await sql.query<{ version: number }>(
    'SELECT version FROM sla.tickets WHERE ticket_id::text = $1',
    [ticketId],
  );
  return rows[0]?.version;
}
