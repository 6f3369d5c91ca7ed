import { useState } from 'react';
import { type Agent, ticketsApi } from '../api/tickets-api';
import { Badge } from '../components/badge';
import { Button } from '../components/button';
import { Modal } from '../components/modal';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { ToggleSwitch } from '../components/toggle-switch';
import { formatDateTime } from '../format/format-date';
import { useResource } from '../hooks/use-resource';
import { useLiveEvent } from '../live/live-feed';
import { ClientNoteList } from '../notes/client-note-list';
import { DeadlineCountdown } from './deadline-countdown';
import { TicketActions } from './ticket-actions';
import { severityTone, ticketStatusLook } from './ticket-labels';

export function TicketDetails({
  ticketId,
  actor,
  agents,
  onClose,
}: {
  ticketId: string;
  actor: Agent;
  agents: Agent[];
  onClose: () => void;
}) {
  const ticket = useResource(`ticket:${ticketId}`, () => ticketsApi.get(ticketId));
  useLiveEvent('ticket', (event) => event.id === ticketId && ticket.reload());
  const [translated, setTranslated] = useState(false);
  const data = ticket.data;
  const assignee = agents.find((agent) => agent.id === data?.agentId);

  return (
    <Modal title={data ? data.title : 'Ticket'} onClose={onClose}>
      {ticket.error ? <ErrorNotice error={ticket.error} onRetry={ticket.reload} /> : null}
      {ticket.loading ? <LoadingNotice what="the ticket" /> : null}
      {data ? (
        <div className="flex flex-col gap-4 text-sm">
          <p className="break-all font-mono text-xs text-slate-500">{data.id}</p>
          <div className="flex flex-wrap gap-2">
            <DeadlineCountdown ticket={data} />
            <Badge tone={ticketStatusLook(data.status).tone}>{ticketStatusLook(data.status).label}</Badge>
            {data.severityLevel ? (
              <Badge tone={severityTone(data.severityLevel)}>{data.severityLevel}</Badge>
            ) : null}
            {data.type ? <Badge tone="violet">{data.type}</Badge> : null}
          </div>
          <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2">
            <dt className="text-slate-500">Category</dt>
            <dd>{data.category}</dd>
            <dt className="text-slate-500">Requester</dt>
            <dd>
              {data.name} &lt;{data.email}&gt;
            </dd>
            <dt className="text-slate-500">Assigned to</dt>
            <dd>{assignee?.fullName ?? 'Unassigned'}</dd>
            <dt className="text-slate-500">Language</dt>
            <dd>{data.languageCode}</dd>
            {data.resolution ? (
              <>
                <dt className="text-slate-500">Resolution</dt>
                <dd>{data.resolution}</dd>
              </>
            ) : null}
          </dl>
          <section aria-label="Description" className="flex flex-col gap-2">
            <div className="flex items-center justify-between gap-2">
              <h3 className="font-semibold">Description</h3>
              <ToggleSwitch
                label={data.descriptionTranslated ? 'Show translation' : 'Translation unavailable'}
                checked={translated && Boolean(data.descriptionTranslated)}
                disabled={!data.descriptionTranslated}
                title={data.descriptionTranslated ? undefined : 'This ticket has no translated description.'}
                onChange={setTranslated}
              />
            </div>
            <p className="whitespace-pre-wrap rounded-md bg-slate-50 p-2">
              {translated && data.descriptionTranslated ? data.descriptionTranslated : data.description}
            </p>
          </section>
          <TicketClientNotes ticketId={data.id} />
          <section aria-label="Actions" className="flex flex-col gap-2">
            <h3 className="font-semibold">Actions</h3>
            <TicketActions ticket={data} actor={actor} agents={agents} onChanged={ticket.reload} explain />
          </section>
          <section aria-label="Status history" className="flex flex-col gap-2">
            <h3 className="font-semibold">Status history</h3>
            {data.history && data.history.length > 0 ? (
              <ol className="flex flex-col gap-1 border-l-2 border-slate-200 pl-3">
                {data.history.map((entry) => (
                  <li key={`${entry.at}-${entry.status}`}>
                    <span className="text-xs text-slate-500">{formatDateTime(entry.at)}</span>{' '}
                    <Badge tone={ticketStatusLook(entry.status).tone}>
                      {ticketStatusLook(entry.status).label}
                    </Badge>{' '}
                    {entry.note ? <span className="text-slate-700">{entry.note}</span> : null}
                  </li>
                ))}
              </ol>
            ) : (
              <EmptyNotice>No history recorded.</EmptyNotice>
            )}
          </section>
        </div>
      ) : null}
    </Modal>
  );
}

/** What the customer wrote about the ticket (their comments from the customer area), read-only here. */
function TicketClientNotes({ ticketId }: { ticketId: string }) {
  const notes = useResource(`agent-notes:${ticketId}`, () => ticketsApi.clientNotes(ticketId));
  return (
    <section aria-label="Client notes" className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="font-semibold">Client notes</h3>
        <Button small onClick={notes.reload}>
          Refresh
        </Button>
      </div>
      {notes.error ? <ErrorNotice error={notes.error} onRetry={notes.reload} /> : null}
      {notes.loading ? <LoadingNotice what="client notes" /> : null}
      {notes.data && notes.data.length === 0 ? (
        <EmptyNotice>The customer has not commented yet.</EmptyNotice>
      ) : null}
      {notes.data && notes.data.length > 0 ? <ClientNoteList notes={notes.data} /> : null}
    </section>
  );
}
