import type { Publish, SqlExecutor } from '@pragmatic-messaging/core';
import { TicketCreated } from '../../contracts/tickets-contracts.js';
import { announceUpdate, applyChange } from './ticket-commands.js';
import type { TicketRow } from './ticket-row.js';

/** A ticket to create: from an InquirySubmitted, or from the synchronous flow's POST /api/tickets. */
export interface NewTicket {
  id: string;
  name: string;
  email: string;
  title: string;
  description: string;
  category: string;
  languageCode: string;
  createdAt: string;
  translatedDescription?: string | null;
}

// A ticket's creation and its translation may be handled at once by different consumers (they come on different
// topics); a lock on the inquiry id makes them take turns, so neither misses the other.
const lockReference = (sql: SqlExecutor, id: string) =>
  sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [id]);

/** Creates the ticket of an inquiry (once: a redelivery finds it) and announces it, in the caller's unit of work. */
export async function createTicket(sql: SqlExecutor, publish: Publish, ticket: NewTicket): Promise<void> {
  await lockReference(sql, ticket.id);
  const existing = await sql.query('SELECT 1 FROM tickets.tickets WHERE id = $1', [ticket.id]);
  if (existing.rows.length > 0) return; // already created: a redelivery
  const early = await sql.query<{ translated_text: string | null }>(
    'DELETE FROM tickets.scheduled_translations WHERE reference_id = $1 RETURNING translated_text',
    [ticket.id],
  );
  const arrived = early.rows[0];
  const translated = ticket.translatedDescription || arrived?.translated_text || null;
  const needsTranslation = ticket.languageCode !== 'en';
  const translationStatus = !needsTranslation
    ? 'NotNeeded'
    : translated
      ? 'Translated'
      : arrived
        ? 'Untranslated'
        : 'Pending';
  const waiting = needsTranslation && !arrived && ticket.translatedDescription === undefined;
  const status = waiting ? 'WaitingForScheduledAction' : 'BeforeQualification';
  const { rows } = await sql.query<TicketRow>(
    `INSERT INTO tickets.tickets (id, inquiry_id, name, email, title, description, description_translated,
       translation_status, language_code, category, status, version, created_at)
     VALUES ($1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11) RETURNING *`,
    [
      ticket.id,
      ticket.name,
      ticket.email,
      ticket.title,
      ticket.description,
      translated,
      translationStatus,
      ticket.languageCode,
      ticket.category,
      status,
      ticket.createdAt,
    ],
  );
  const row = rows[0]!;
  await sql.query('INSERT INTO tickets.history (ticket_id, status, note) VALUES ($1, $2, $3)', [
    row.id,
    status,
    'Created',
  ]);
  await publish(TicketCreated, {
    ticketId: row.id,
    version: 1,
    status: status as 'BeforeQualification',
    inquiryId: row.inquiry_id,
    name: row.name,
    email: row.email,
    title: row.title,
    description: row.description,
    category: row.category as 'Other',
    languageCode: row.language_code,
    createdAt: new Date(row.created_at).toISOString(),
    occurredAt: new Date(row.created_at).toISOString(),
  });
}

/** Attaches a translation (or its absence) to the ticket, or keeps it until the ticket exists. */
export async function attachTranslation(
  sql: SqlExecutor,
  publish: Publish,
  referenceId: string,
  translated: string | null,
): Promise<void> {
  await lockReference(sql, referenceId);
  const found = await sql.query<TicketRow>('SELECT * FROM tickets.tickets WHERE id = $1 FOR UPDATE', [
    referenceId,
  ]);
  const ticket = found.rows[0];
  if (!ticket) {
    // The translation overtook the inquiry: keep it until the ticket exists.
    await sql.query(
      `INSERT INTO tickets.scheduled_translations (reference_id, translated_text) VALUES ($1, $2)
       ON CONFLICT (reference_id) DO UPDATE SET translated_text = EXCLUDED.translated_text`,
      [referenceId, translated],
    );
    return;
  }
  // Our decision: a late translation is attached without resetting a ticket that moved on.
  const updated = await applyChange(sql, ticket, {
    status:
      ticket.status === 'WaitingForScheduledAction' ? 'BeforeQualification' : (ticket.status as 'Qualified'),
    note: translated ? 'Translation attached' : 'Translation unavailable; original text kept',
    columns: {
      description_translated: translated,
      translation_status: translated ? 'Translated' : 'Untranslated',
    },
  });
  await announceUpdate(publish, updated, 'translation');
}
