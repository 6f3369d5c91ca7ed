import { z } from 'zod';
import { NotFoundError } from '../../runtime/http-errors.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import { type AgentRow, agentEntry } from './agent-row.js';
import { TicketEntry, type TicketRow, ticketListEntry } from './ticket-row.js';

type Query = ServiceContext['query'];

/** A ticket with its assignee's user id and its status history, as GET /api/tickets/:id shows it. */
export const TicketDetails = TicketEntry.extend({
  assignedAgentUserId: z.string().nullable(),
  history: z.array(z.object({ at: z.string(), status: z.string(), note: z.string().nullable() })),
});
export type TicketDetails = z.infer<typeof TicketDetails>;

export const TicketPage = z.object({ data: z.array(TicketEntry), totalCount: z.number().int() });

export interface TicketFilter {
  readonly page: number;
  readonly limit: number;
  readonly status?: string | undefined;
  readonly agentId?: string | undefined;
}

/**
 * The tickets service's reads (and the one write that is not a ticket change: client notes), each in its own
 * transaction through `query`. Commands that change a ticket and publish are in ticket-commands.ts.
 */
export function ticketQueries(query: Query) {
  return {
    async list({ page, limit, status, agentId }: TicketFilter) {
      const where = 'WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR assigned_to = $2)';
      const rows = await query<TicketRow>(
        `SELECT * FROM tickets.tickets ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
        [status ?? null, agentId ?? null, limit, (page - 1) * limit],
      );
      const [count] = await query<{ count: number }>(
        `SELECT count(*)::int AS count FROM tickets.tickets ${where}`,
        [status ?? null, agentId ?? null],
      );
      return { data: rows.map(ticketListEntry), totalCount: count?.count ?? 0 };
    },

    /** A ticket with its assignee and history; NotFoundError when there is none. */
    async details(id: string) {
      const [row] = await query<TicketRow>('SELECT * FROM tickets.tickets WHERE id = $1', [id]);
      if (!row) throw new NotFoundError('Ticket', id);
      const history = await query<{ at: Date; status: string; note: string }>(
        'SELECT at, status, note FROM tickets.history WHERE ticket_id = $1 ORDER BY at, ctid',
        [id],
      );
      return {
        ...ticketListEntry(row),
        assignedAgentUserId: row.assigned_to,
        history: history.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
      } satisfies TicketDetails;
    },

    async agents() {
      const rows = await query<AgentRow>('SELECT * FROM tickets.agents ORDER BY position DESC, full_name');
      return rows.map(agentEntry);
    },

    async agent(id: string) {
      const [row] = await query<AgentRow>('SELECT * FROM tickets.agents WHERE id = $1', [id]);
      if (!row) throw new NotFoundError('Agent', id);
      return agentEntry(row);
    },

    /** The notes and the ticket's requester, or undefined when there is no such ticket. */
    async clientNotes(id: string) {
      const [row] = await query<{ notes: string; email: string }>(
        'SELECT notes, email FROM tickets.tickets WHERE id = $1',
        [id],
      );
      return row;
    },

    /**
     * Appends a note, stamped with the time, on one line; `customer` (when set) must be the requester. False when
     * no such ticket (of that customer) exists. Client notes do not change the ticket's version (as in the
     * original): they are conversation, not state — so they publish nothing.
     */
    async addClientNote(id: string, note: string, customer: string | undefined) {
      const rows = await query(
        `UPDATE tickets.tickets SET notes = notes || CASE WHEN notes = '' THEN '' ELSE E'\\n' END || $2
         WHERE id = $1 AND ($3::text IS NULL OR lower(email) = $3) RETURNING id`,
        [id, `[${new Date().toISOString()}] ${note.replaceAll('\n', ' ')}`, customer ?? null],
      );
      return rows.length > 0;
    },
  };
}
