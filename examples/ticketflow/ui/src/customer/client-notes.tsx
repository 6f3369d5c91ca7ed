import { type FormEvent, useState } from 'react';
import { ticketsApi } from '../api/tickets-api';
import { Button } from '../components/button';
import { inputClass } from '../components/field';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { useToasts } from '../components/toasts';
import { useResource } from '../hooks/use-resource';

/** The comments a customer exchanges with the ticket behind their inquiry. */
export function ClientNotes({ ticketId }: { ticketId: string }) {
  const toasts = useToasts();
  const notes = useResource(`notes:${ticketId}`, () => ticketsApi.clientNotes(ticketId));
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) return;
    setSending(true);
    try {
      await ticketsApi.addClientNote(ticketId, note.trim());
      setNote('');
      notes.reload();
    } catch (error) {
      toasts.failure('The comment could not be added', error);
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-label="Comments" className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold">Comments</h3>
      {notes.error ? <ErrorNotice error={notes.error} onRetry={notes.reload} /> : null}
      {notes.loading ? <LoadingNotice what="comments" /> : null}
      {notes.data && notes.data.length === 0 ? <EmptyNotice>No comments yet.</EmptyNotice> : null}
      {notes.data && notes.data.length > 0 ? (
        <ul className="flex flex-col gap-1 text-sm">
          {notes.data.map((line, index) => (
            // Notes have no ids; their position in the text is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: append-only list of plain lines
            <li key={index} className="rounded-md bg-slate-50 px-2 py-1">
              {line}
            </li>
          ))}
        </ul>
      ) : null}
      <form className="flex gap-2" onSubmit={add}>
        <input
          className={inputClass}
          aria-label="New comment"
          placeholder="Write a comment…"
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
        <Button type="submit" variant="primary" disabled={sending || !note.trim()}>
          Add comment
        </Button>
      </form>
    </section>
  );
}
