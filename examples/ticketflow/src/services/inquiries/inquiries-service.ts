import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Category, InquirySubmitted, InquiryUpdated } from '../../contracts/inquiries-contracts.js';
import { TicketCreated, TicketResolved } from '../../contracts/tickets-contracts.js';
import { RequestTranslationV2 } from '../../contracts/translations-contracts.js';
import { belongsTo, requireCustomer } from '../../runtime/customer-identity.js';
import { NotFoundError } from '../../runtime/http-errors.js';
import { runScript } from '../../runtime/run-script.js';
import type { ServiceContext, ServiceModule } from '../../runtime/service-module.js';
import { detectLanguageLocally, type LanguageDetector } from './language-detector.js';
import { insertInquiry, newInquiry } from './new-inquiry.js';
import { submitSynchronously } from './submit-synchronously.js';

const SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS inquiries;
  CREATE TABLE IF NOT EXISTS inquiries.inquiries (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL,
    title text NOT NULL,
    description text NOT NULL,
    category text NOT NULL,
    language_code text NOT NULL,
    status text NOT NULL DEFAULT 'New',
    ticket_id uuid,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX IF NOT EXISTS inquiries_created_at ON inquiries.inquiries (created_at DESC);
  CREATE INDEX IF NOT EXISTS inquiries_customer ON inquiries.inquiries (lower(email), created_at DESC);
`;

export const SubmitInquiry = z.object({
  name: z.string().trim().min(2, 'at least 2 characters'),
  email: z.email(),
  title: z.string().trim().min(3, 'at least 3 characters'),
  description: z.string().trim().min(10, 'at least 10 characters'),
  category: z
    .string()
    .transform((value) => value.charAt(0).toUpperCase() + value.slice(1).toLowerCase())
    .pipe(Category),
});

const Page = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(25).default(10),
});

interface InquiryRow {
  id: string;
  name: string;
  email: string;
  title: string;
  description: string;
  category: string;
  language_code: string;
  status: string;
  ticket_id: string | null;
  created_at: Date | string;
}

function entryOf(row: InquiryRow) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    title: row.title,
    description: row.description,
    category: row.category,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    ticketId: row.ticket_id,
    languageCode: row.language_code,
  };
}

export interface InquiriesServiceOptions {
  readonly detectLanguage?: LanguageDetector;
}

/**
 * Inquiries: accepts customers' inquiries, detects their language, announces them and asks for translation of
 * non-English ones — all in one transaction with the outbox. Follows the ticket's life (New → InProgress →
 * Resolved).
 */
export function inquiriesService(options: InquiriesServiceOptions = {}): ServiceModule {
  const detectLanguage = options.detectLanguage ?? detectLanguageLocally;

  async function setStatus(
    context: ServiceContext,
    sql: { query(text: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }> },
    id: string,
    changes: { status: string; ticketId?: string },
  ) {
    const result = await sql.query(
      `UPDATE inquiries.inquiries SET status = $2, ticket_id = COALESCE($3, ticket_id) WHERE id = $1 RETURNING ticket_id`,
      [id, changes.status, changes.ticketId ?? null],
    );
    const row = result.rows[0] as { ticket_id: string | null } | undefined;
    if (!row) return false;
    await context.messaging.publish(InquiryUpdated, {
      id,
      status: changes.status as 'New',
      ticketId: row.ticket_id,
    });
    return true;
  }

  return {
    name: 'inquiries',
    publishes: [InquirySubmitted, InquiryUpdated, RequestTranslationV2],
    migrate: async (sql) => {
      await runScript(sql, SCHEMA);
    },
    configure(context) {
      context.messaging
        .endpoint('inquiries.ticket-progress', { concurrency: 4 })
        .on(TicketCreated, async (ticket, ctx) => {
          const linked = await setStatus(context, ctx.tx, ticket.inquiryId, {
            status: 'InProgress',
            ticketId: ticket.ticketId,
          });
          // A ticket for an inquiry we do not know is a bug upstream: fail loudly (retries, then dead letter).
          if (!linked) throw new NotFoundError('Inquiry', ticket.inquiryId);
        })
        .on(TicketResolved, async (ticket, ctx) => {
          await setStatus(context, ctx.tx, ticket.ticketId, { status: 'Resolved' });
        });
    },
    routes(app: FastifyInstance, context) {
      const typed = app.withTypeProvider<ZodTypeProvider>();
      typed.post('/submit', { schema: { body: SubmitInquiry } }, async (request, reply) => {
        const id = await submit(context(), request.body, detectLanguage);
        return reply.status(202).send({ id });
      });
      typed.post('/submit-sync', { schema: { body: SubmitInquiry } }, async (request, reply) => {
        const result = await submitSynchronously(context(), request.body, detectLanguage, app);
        return reply.status(201).send(result);
      });
      // A customer's own inquiries only (see customer-identity.ts).
      typed.get('/', { schema: { querystring: Page } }, async (request) => {
        const customer = requireCustomer(request);
        const { page, limit } = request.query;
        const rows = await context().query<InquiryRow>(
          `SELECT * FROM inquiries.inquiries WHERE lower(email) = $1
           ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
          [customer, limit, (page - 1) * limit],
        );
        const [count] = await context().query<{ count: number }>(
          'SELECT count(*)::int AS count FROM inquiries.inquiries WHERE lower(email) = $1',
          [customer],
        );
        return { data: rows.map(entryOf), totalCount: count?.count ?? 0 };
      });
      typed.get('/:id', { schema: { params: z.object({ id: z.guid() }) } }, async (request) => {
        const customer = requireCustomer(request);
        const [row] = await context().query<InquiryRow>('SELECT * FROM inquiries.inquiries WHERE id = $1', [
          request.params.id,
        ]);
        // Another customer's inquiry is as unknown as a missing one.
        if (!row || !belongsTo(row.email, customer)) throw new NotFoundError('Inquiry', request.params.id);
        return entryOf(row);
      });
    },
  };
}

export type SubmittedInquiry = z.infer<typeof SubmitInquiry>;

/** UC-1: save, announce, and ask for a translation when the text is not English — one transaction. */
async function submit(
  context: ServiceContext,
  input: SubmittedInquiry,
  detect: LanguageDetector,
): Promise<string> {
  const inquiry = await newInquiry(input, detect);
  await context.messaging.transaction(async (tx) => {
    await insertInquiry(tx, inquiry);
    await context.messaging.publish(InquirySubmitted, inquiry);
    if (inquiry.languageCode !== 'en') {
      await context.messaging.publish(RequestTranslationV2, {
        text: inquiry.description,
        languageCode: inquiry.languageCode,
        referenceId: inquiry.id,
      });
    }
  });
  return inquiry.id;
}
