import type { Messaging, Publish, SqlExecutor } from '@pragmatic-messaging/core';
import {
  AgentAssignedToTicket,
  IncidentCreated,
  TicketBlocked,
  TicketQualified,
  TicketResolved,
  TicketUnblocked,
  TicketUpdated,
} from '../../contracts/tickets-contracts.js';
import type { Clock } from '../../runtime/clock.js';
import { DomainRuleError, NotFoundError } from '../../runtime/http-errors.js';
import type { TicketRow } from './ticket-row.js';

type Status = 'WaitingForScheduledAction' | 'BeforeQualification' | 'Qualified' | 'Blocked' | 'Resolved';

export async function loadTicketForUpdate(sql: SqlExecutor, id: string): Promise<TicketRow> {
  const { rows } = await sql.query<TicketRow>('SELECT * FROM tickets.tickets WHERE id = $1 FOR UPDATE', [id]);
  if (!rows[0]) throw new NotFoundError('Ticket', id);
  return rows[0];
}

function require(ticket: TicketRow, allowed: readonly Status[], action: string): void {
  if (ticket.status === 'Resolved')
    throw new DomainRuleError(`Ticket ${ticket.id} is resolved; it cannot ${action}.`);
  if (!allowed.includes(ticket.status as Status)) {
    throw new DomainRuleError(
      `A ticket can ${action} only when it is ${allowed.join(' or ')}; this one is ${ticket.status}.`,
    );
  }
}

/** One command = one version bump, however many columns change (as in the original). */
export async function applyChange(
  sql: SqlExecutor,
  ticket: TicketRow,
  change: { status?: Status; note: string; columns?: Record<string, unknown> },
): Promise<TicketRow> {
  const columns = Object.entries(change.columns ?? {});
  const assignments = columns.map(([column], index) => `${column} = $${index + 3}`);
  const { rows } = await sql.query<TicketRow>(
    `UPDATE tickets.tickets SET status = $2, version = version + 1${assignments.map((a) => `, ${a}`).join('')}
     WHERE id = $1 RETURNING *`,
    [ticket.id, change.status ?? ticket.status, ...columns.map(([, value]) => value)],
  );
  const updated = rows[0]!;
  await sql.query('INSERT INTO tickets.history (ticket_id, status, note) VALUES ($1, $2, $3)', [
    ticket.id,
    updated.status,
    change.note,
  ]);
  return updated;
}

/** What every ticket event carries: the ticket, its version after the change, and when the change happened. */
const base = (ticket: TicketRow, now: Clock) => ({
  ticketId: ticket.id,
  version: ticket.version,
  status: ticket.status as Status,
  occurredAt: now().toISOString(),
});

/**
 * The ticket commands of the HTTP API: each checks its rule, changes the ticket and publishes (with `publish`, the
 * ticket event publisher), atomically.
 */
export function ticketCommands(messaging: Messaging, publish: Publish, now: Clock) {
  const run = (id: string, work: (sql: SqlExecutor, ticket: TicketRow) => Promise<TicketRow>) =>
    messaging.transaction(async (sql) => work(sql, await loadTicketForUpdate(sql, id)));

  return {
    qualify: (
      id: string,
      ticketType: 'Incident' | 'Question',
      severityLevel: 'Low' | 'Medium' | 'High' | 'Critical',
    ) =>
      run(id, async (sql, ticket) => {
        require(ticket, ['BeforeQualification'], 'be qualified');
        const updated = await applyChange(sql, ticket, {
          status: 'Qualified',
          note: `Qualified as ${ticketType}, severity ${severityLevel}`,
          columns: { type: ticketType, severity: severityLevel },
        });
        await publish(TicketQualified, { ...base(updated, now), ticketType, severityLevel });
        if (ticketType === 'Incident') {
          await publish(IncidentCreated, {
            ...base(updated, now),
            alertType: 'Incident',
            alertMessageContent: `Incident created — “${ticket.title}” (${severityLevel})`,
          });
        }
        return updated;
      }),

    assign: (id: string, agentId: string) =>
      run(id, async (sql, ticket) => {
        require(ticket, ['Qualified', 'Blocked'], 'get an agent');
        if (ticket.assigned_to) throw new DomainRuleError('Cannot reassign agent.');
        const { rows } = await sql.query<{ user_id: string; full_name: string }>(
          'SELECT user_id, full_name FROM tickets.agents WHERE id = $1',
          [agentId],
        );
        const agent = rows[0];
        if (!agent) throw new NotFoundError('Agent', agentId);
        const updated = await applyChange(sql, ticket, {
          note: `Assigned to ${agent.full_name}`,
          columns: { assigned_to: agentId },
        });
        await publish(AgentAssignedToTicket, {
          ...base(updated, now),
          agentId,
          agentUserId: agent.user_id,
        });
        return updated;
      }),

    block: (id: string, reason: string) =>
      run(id, async (sql, ticket) => {
        require(ticket, ['Qualified'], 'be blocked');
        const updated = await applyChange(sql, ticket, { status: 'Blocked', note: `Blocked: ${reason}` });
        await publish(TicketBlocked, { ...base(updated, now), reason });
        return updated;
      }),

    unblock: (id: string, reason: string) =>
      run(id, async (sql, ticket) => {
        require(ticket, ['Blocked'], 'be unblocked');
        const updated = await applyChange(sql, ticket, { status: 'Qualified', note: `Unblocked: ${reason}` });
        await publish(TicketUnblocked, { ...base(updated, now), reason });
        return updated;
      }),

    resolve: (id: string, resolution: string) =>
      run(id, async (sql, ticket) => {
        require(ticket, ['Qualified'], 'be resolved');
        const updated = await applyChange(sql, ticket, {
          status: 'Resolved',
          note: `Resolved: ${resolution}`,
          columns: { resolution },
        });
        const { rows } = await sql.query<{ user_id: string }>(
          'SELECT user_id FROM tickets.agents WHERE id = $1',
          [updated.assigned_to],
        );
        await publish(TicketResolved, {
          ...base(updated, now),
          resolution,
          email: updated.email,
          agentUserId: rows[0]?.user_id ?? null,
        });
        return updated;
      }),
  };
}

/** A change that has no domain event (translation, deadline) still tells live views. */
export async function announceUpdate(
  publish: Publish,
  ticket: TicketRow,
  change: string,
  now: Clock = () => new Date(),
): Promise<void> {
  await publish(TicketUpdated, { ...base(ticket, now), change });
}
