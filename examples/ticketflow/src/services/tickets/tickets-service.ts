import type { Publish, SqlExecutor } from '@pragmatic-messaging/core';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Category, InquirySubmitted } from '../../contracts/inquiries-contracts.js';
import { DeadlinesCalculated } from '../../contracts/sla-contracts.js';
import {
  AgentAssignedToTicket,
  IncidentCreated,
  SeverityLevel,
  TicketBlocked,
  TicketCreated,
  TicketQualified,
  TicketResolved,
  TicketStatus,
  TicketType,
  TicketUnblocked,
  TicketUpdated,
} from '../../contracts/tickets-contracts.js';
import { TranslationCompleted, TranslationSkipped } from '../../contracts/translations-contracts.js';
import type { Clock } from '../../runtime/clock.js';
import { belongsTo, customerOf } from '../../runtime/customer-identity.js';
import { NotFoundError } from '../../runtime/http-errors.js';
import { humanTime } from '../../runtime/human-time.js';
import { runScript } from '../../runtime/run-script.js';
import type { ServiceModule } from '../../runtime/service-module.js';
import { announceUpdate, applyChange, loadTicketForUpdate, ticketCommands } from './ticket-commands.js';
import { ticketEventPublisher } from './ticket-event-publisher.js';
import { type TicketRow, ticketListEntry } from './ticket-row.js';
import { SEED_AGENTS, TICKETS_SCHEMA } from './tickets-schema.js';

interface NewTicket {
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

async function createTicket(sql: SqlExecutor, publish: Publish, ticket: NewTicket): Promise<void> {
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

async function attachTranslation(
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

const TicketId = z.object({ id: z.guid() });
const ListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  status: TicketStatus.optional(),
  agentId: z.guid().optional(),
});
const CreateSynchronously = z.object({
  id: z.guid(),
  name: z.string().min(1),
  email: z.email(),
  title: z.string().min(1),
  description: z.string().min(1),
  translatedDescription: z.string().default(''),
  category: Category,
  languageCode: z.string().min(2),
  createdAt: z.iso.datetime({ offset: true }),
});
const Reason = z.string().trim().min(1, 'must not be empty').max(500);

/**
 * Tickets: owns the ticket lifecycle (creation from inquiries, translation, qualification, assignment, block,
 * unblock, resolution, client notes) and the agents. Every change bumps the version once and publishes its event
 * in the same transaction.
 */
export interface TicketsServiceOptions {
  /** When ticket changes happen (the `occurredAt` of every event); tests move it by hand. Default: the real time. */
  readonly now?: Clock;
}

export function ticketsService(options: TicketsServiceOptions = {}): ServiceModule {
  const now = options.now ?? (() => new Date());
  return {
    name: 'tickets',
    publishes: [
      TicketCreated,
      TicketQualified,
      IncidentCreated,
      AgentAssignedToTicket,
      TicketBlocked,
      TicketUnblocked,
      TicketResolved,
      TicketUpdated,
    ],
    migrate: async (sql) => {
      await runScript(sql, TICKETS_SCHEMA);
      await sql.query(SEED_AGENTS);
    },
    configure(context) {
      const { messaging } = context;
      const publish = ticketEventPublisher(context);
      messaging
        .endpoint('tickets.intake', { concurrency: 4 })
        .on(InquirySubmitted, (inquiry, ctx) => createTicket(ctx.tx, publish, inquiry))
        .on(TranslationCompleted, (translation, ctx) =>
          attachTranslation(ctx.tx, publish, translation.referenceId, translation.translatedText),
        )
        .on(TranslationSkipped, (skipped, ctx) =>
          attachTranslation(ctx.tx, publish, skipped.referenceId, null),
        );
      messaging
        .endpoint('tickets.sla-updates', { concurrency: 4 })
        .on(DeadlinesCalculated, async (deadline, ctx) => {
          const ticket = await loadTicketForUpdate(ctx.tx, deadline.serviceSourceId);
          const updated = await applyChange(ctx.tx, ticket, {
            note: `Deadline set to ${humanTime(deadline.deadlineUtc)}`,
            columns: { deadline: deadline.deadlineUtc },
          });
          await announceUpdate(publish, updated, 'deadline');
        });
    },
    routes(app, context) {
      const typed = app.withTypeProvider<ZodTypeProvider>();
      const commands = () => ticketCommands(context().messaging, ticketEventPublisher(context()), now);
      const details = async (id: string) => {
        const [row] = await context().query<TicketRow>('SELECT * FROM tickets.tickets WHERE id = $1', [id]);
        if (!row) throw new NotFoundError('Ticket', id);
        const history = await context().query<{ at: Date; status: string; note: string }>(
          'SELECT at, status, note FROM tickets.history WHERE ticket_id = $1 ORDER BY at, ctid',
          [id],
        );
        return {
          ...ticketListEntry(row),
          assignedAgentUserId: row.assigned_to,
          history: history.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
        };
      };

      typed.get('/', { schema: { querystring: ListQuery } }, async (request) => {
        const { page, limit, status, agentId } = request.query;
        const where = 'WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR assigned_to = $2)';
        const rows = await context().query<TicketRow>(
          `SELECT * FROM tickets.tickets ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
          [status ?? null, agentId ?? null, limit, (page - 1) * limit],
        );
        const [count] = await context().query<{ count: number }>(
          `SELECT count(*)::int AS count FROM tickets.tickets ${where}`,
          [status ?? null, agentId ?? null],
        );
        return { data: rows.map(ticketListEntry), totalCount: count?.count ?? 0 };
      });
      typed.post('/', { schema: { body: CreateSynchronously } }, async (request, reply) => {
        await context().messaging.transaction((sql) =>
          createTicket(sql, ticketEventPublisher(context()), request.body),
        );
        return reply.status(201).send(await details(request.body.id));
      });
      typed.get('/agents', async () => {
        const rows = await context().query<{
          id: string;
          user_id: string;
          full_name: string;
          position: string;
          avatar_url: string;
        }>('SELECT * FROM tickets.agents ORDER BY position DESC, full_name');
        return rows.map((row) => ({
          id: row.id,
          userId: row.user_id,
          fullName: row.full_name,
          position: row.position,
          avatarUrl: row.avatar_url,
        }));
      });
      typed.get('/agents/:id', { schema: { params: TicketId } }, async (request) => {
        const [row] = await context().query<{
          id: string;
          user_id: string;
          full_name: string;
          position: string;
          avatar_url: string;
        }>('SELECT * FROM tickets.agents WHERE id = $1', [request.params.id]);
        if (!row) throw new NotFoundError('Agent', request.params.id);
        return {
          id: row.id,
          userId: row.user_id,
          fullName: row.full_name,
          position: row.position,
          avatarUrl: row.avatar_url,
        };
      });
      typed.get('/:id', { schema: { params: TicketId } }, (request) => details(request.params.id));
      typed.post(
        '/:id/qualify',
        {
          schema: {
            params: TicketId,
            body: z.object({ ticketType: TicketType, severityLevel: SeverityLevel.default('Low') }),
          },
        },
        async (request) => {
          await commands().qualify(request.params.id, request.body.ticketType, request.body.severityLevel);
          return details(request.params.id);
        },
      );
      typed.post(
        '/:id/assign/:agentId',
        { schema: { params: TicketId.extend({ agentId: z.guid() }) } },
        async (request) => {
          await commands().assign(request.params.id, request.params.agentId);
          return details(request.params.id);
        },
      );
      for (const action of ['block', 'unblock', 'resolve'] as const) {
        typed.post(
          `/:id/${action}/:reason`,
          { schema: { params: TicketId.extend({ reason: Reason }) } },
          async (request) => {
            await commands()[action](request.params.id, request.params.reason);
            return details(request.params.id);
          },
        );
      }
      // Client notes are the customer's comments: the agents read them, and a signed-in customer (see
      // customer-identity.ts) reaches only the notes of their own tickets.
      typed.get('/:id/client-notes', { schema: { params: TicketId } }, async (request, reply) => {
        const customer = customerOf(request);
        const [row] = await context().query<{ notes: string; email: string }>(
          'SELECT notes, email FROM tickets.tickets WHERE id = $1',
          [request.params.id],
        );
        if (!row || (customer && !belongsTo(row.email, customer))) {
          throw new NotFoundError('Ticket', request.params.id);
        }
        return reply.type('text/plain; charset=utf-8').send(row.notes);
      });
      typed.post(
        '/:id/client-notes',
        { schema: { params: TicketId, body: z.object({ note: z.string().trim().min(1).max(2_000) }) } },
        async (request) => {
          const customer = customerOf(request);
          // Client notes do not change the ticket's version (as in the original): they are conversation, not state.
          const rows = await context().query(
            `UPDATE tickets.tickets SET notes = notes || CASE WHEN notes = '' THEN '' ELSE E'\\n' END || $2
             WHERE id = $1 AND ($3::text IS NULL OR lower(email) = $3) RETURNING id`,
            [
              request.params.id,
              `[${new Date().toISOString()}] ${request.body.note.replaceAll('\n', ' ')}`,
              customer ?? null,
            ],
          );
          if (rows.length === 0) throw new NotFoundError('Ticket', request.params.id);
          return { ok: true };
        },
      );
    },
  };
}
