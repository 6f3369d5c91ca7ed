import { useState } from 'react';
import { type Agent, type Ticket, type TicketStatus, ticketsApi } from '../api/tickets-api';
import { Badge } from '../components/badge';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { controlClass } from '../components/field';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { Pager } from '../components/pager';
import { formatDateTime } from '../format/format-date';
import { useResource } from '../hooks/use-resource';
import { useLiveEvent } from '../live/live-feed';
import { AgentAvatar } from './agent-avatar';
import { TicketActions } from './ticket-actions';
import { severityTone, ticketStatuses, ticketStatusLook } from './ticket-labels';

const pageSize = 10;

export function TicketList({
  actor,
  agents,
  onOpen,
}: {
  actor: Agent;
  agents: Agent[];
  onOpen: (ticketId: string) => void;
}) {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<TicketStatus | ''>('');
  const tickets = useResource(`tickets:${page}:${status}`, () =>
    ticketsApi.list({ page, limit: pageSize, status }),
  );
  useLiveEvent('ticket', tickets.reload);

  return (
    <Card
      title="Tickets"
      actions={
        <>
          <label className="flex items-center gap-2 text-sm">
            Status
            <select
              className={controlClass}
              value={status}
              onChange={(event) => {
                setStatus(event.target.value as TicketStatus | '');
                setPage(1);
              }}
            >
              <option value="">All</option>
              {ticketStatuses.map((value) => (
                <option key={value} value={value}>
                  {ticketStatusLook(value).label}
                </option>
              ))}
            </select>
          </label>
          <Button small onClick={tickets.reload}>
            Refresh
          </Button>
        </>
      }
    >
      {tickets.error ? <ErrorNotice error={tickets.error} onRetry={tickets.reload} /> : null}
      {tickets.loading ? <LoadingNotice what="tickets" /> : null}
      {tickets.data && tickets.data.data.length === 0 ? (
        <EmptyNotice>{status ? 'No tickets with this status.' : 'No tickets yet.'}</EmptyNotice>
      ) : null}
      {tickets.data && tickets.data.data.length > 0 ? (
        <>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[52rem] text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-2 pr-2 font-medium">Title</th>
                  <th className="py-2 pr-2 font-medium">Status</th>
                  <th className="py-2 pr-2 font-medium">Submitted</th>
                  <th className="py-2 pr-2 font-medium">Priority</th>
                  <th className="py-2 pr-2 font-medium">Assigned to</th>
                  <th className="py-2 font-medium">Actions</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tickets.data.data.map((ticket) => (
                  <TicketRow
                    key={ticket.id}
                    ticket={ticket}
                    actor={actor}
                    agents={agents}
                    onOpen={onOpen}
                    onChanged={tickets.reload}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={pageSize} totalCount={tickets.data.totalCount} onPage={setPage} />
        </>
      ) : null}
    </Card>
  );
}

function TicketRow({
  ticket,
  actor,
  agents,
  onOpen,
  onChanged,
}: {
  ticket: Ticket;
  actor: Agent;
  agents: Agent[];
  onOpen: (ticketId: string) => void;
  onChanged: () => void;
}) {
  const status = ticketStatusLook(ticket.status);
  const assignee = agents.find((agent) => agent.id === ticket.agentId);
  return (
    <tr aria-label={`Ticket ${ticket.title}`} data-status={ticket.status}>
      <td className="max-w-64 py-2 pr-2">
        {/* A block with a width, so a long title is cut with an ellipsis instead of widening the table. */}
        <button
          type="button"
          className="block w-full truncate text-left font-medium text-indigo-700 hover:underline"
          title={ticket.title}
          onClick={() => onOpen(ticket.id)}
        >
          <span className="text-slate-500">[{ticket.category}]</span> {ticket.title}
        </button>
      </td>
      <td className="py-2 pr-2">
        <Badge tone={status.tone}>{status.label}</Badge>
      </td>
      <td className="py-2 pr-2 text-xs text-slate-600">{formatDateTime(ticket.createdAt)}</td>
      <td className="py-2 pr-2">
        {ticket.severityLevel ? (
          <Badge tone={severityTone(ticket.severityLevel)}>{ticket.severityLevel}</Badge>
        ) : (
          <span className="text-xs text-slate-500">Not set</span>
        )}
      </td>
      <td className="py-2 pr-2 text-xs">
        {assignee ? (
          <span className="flex items-center gap-2">
            <AgentAvatar agent={assignee} />
            {assignee.fullName}
          </span>
        ) : (
          <span className="text-slate-500">{ticket.agentId ? 'Unknown agent' : 'Unassigned'}</span>
        )}
      </td>
      <td className="py-2">
        <TicketActions ticket={ticket} actor={actor} agents={agents} onChanged={onChanged} />
      </td>
    </tr>
  );
}
