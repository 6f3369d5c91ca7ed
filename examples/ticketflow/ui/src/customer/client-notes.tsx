import { type FormEvent, useState } from 'react';
import type { Customer } from '../api/customer-identity';
import { ticketsApi } from '../api/tickets-api';
import { Button } from '../components/button';
import { inputClass } from '../components/field';
import { EmptyNotice, ErrorNotice, LoadingNotice } from '../components/notices';
import { useToasts } from '../components/toasts';
import { useResource } from '../hooks/use-resource';
import { ClientNoteList } from '../notes/client-note-list';

/** The comments a customer exchanges with the ticket behind their inquiry. */
export function ClientNotes({ ticketId, customer }: { ticketId: string; customer: Customer }) {
  const toasts = useToasts();
  const notes = useResource(`notes:${ticketId}`, () => ticketsApi.clientNotes(ticketId, customer));
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) return;
    setSending(true);
    try {
      await ticketsApi.addClientNote(ticketId, note.trim(), customer);
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
      {notes.data && notes.data.length > 0 ? <ClientNoteList notes={notes.data} /> : null}
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
