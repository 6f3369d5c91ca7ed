import type { ClientNote } from '../api/tickets-api';
import { formatDateTime } from '../format/format-date';

/** The customer's comments on a ticket, oldest first, each with when it was written. */
export function ClientNoteList({ notes }: { notes: ClientNote[] }) {
  return (
    <ul className="flex flex-col gap-1 text-sm" aria-label="Client notes">
      {notes.map((note, index) => (
        // Notes have no ids; their position in the text is their identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: append-only list of plain lines
        <li key={index} className="rounded-md bg-slate-50 px-2 py-1">
          {note.at ? (
            <time dateTime={note.at} className="mr-2 text-xs text-slate-500">
              {formatDateTime(note.at)}
            </time>
          ) : null}
          <span className="break-words">{note.text}</span>
        </li>
      ))}
    </ul>
  );
}
