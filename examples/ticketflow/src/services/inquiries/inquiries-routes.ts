import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Category } from '../../contracts/inquiries-contracts.js';
import { belongsTo, CustomerHeader, requireCustomer } from '../../runtime/customer-identity.js';
import { refusals } from '../../runtime/error-responses.js';
import { NotFoundError } from '../../runtime/http-errors.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import { trimmedText } from '../../runtime/text-input.js';
import { InquiryEntry, InquiryPage, type InquiryRow, inquiryEntry } from './inquiry-row.js';
import type { LanguageDetector } from './language-detector.js';
import { submitInquiry } from './submit-inquiry.js';
import { submitSynchronously } from './submit-synchronously.js';

const SubmitInquiry = z.object({
  name: trimmedText(2, 'at least 2 characters'),
  email: z.email(),
  title: trimmedText(3, 'at least 3 characters'),
  description: trimmedText(10, 'at least 10 characters'),
  // Any case ("billing"), as the original took it; the API document lists the canonical names.
  category: z.preprocess(
    (value) =>
      typeof value === 'string' ? value.charAt(0).toUpperCase() + value.slice(1).toLowerCase() : value,
    Category,
  ),
});

const Page = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(25).default(10),
});

/** The inquiries API: submit (asynchronous UC-1 or synchronous UC-2) and a customer's own inquiries. */
export function registerInquiriesRoutes(
  app: FastifyInstance,
  context: () => ServiceContext,
  detectLanguage: LanguageDetector,
): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/submit',
    { schema: { body: SubmitInquiry, response: { 202: z.object({ id: z.string() }) } } },
    async (request, reply) => {
      const id = await submitInquiry(context(), request.body, detectLanguage);
      return reply.status(202).send({ id });
    },
  );
  typed.post(
    '/submit-sync',
    {
      schema: { body: SubmitInquiry, response: { 201: z.object({ id: z.string(), ticketId: z.string() }) } },
    },
    async (request, reply) => {
      const result = await submitSynchronously(context(), request.body, detectLanguage, app);
      return reply.status(201).send(result);
    },
  );
  // A customer's own inquiries only (see customer-identity.ts).
  const ownInquiries = {
    headers: CustomerHeader,
    querystring: Page,
    response: { 200: InquiryPage, ...refusals(401) },
  };
  typed.get('/', { schema: ownInquiries }, async (request) => {
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
    return { data: rows.map(inquiryEntry), totalCount: count?.count ?? 0 };
  });
  typed.get(
    '/:id',
    {
      schema: {
        headers: CustomerHeader,
        params: z.object({ id: z.guid() }),
        response: { 200: InquiryEntry, ...refusals(401) },
      },
    },
    async (request) => {
      const customer = requireCustomer(request);
      const [row] = await context().query<InquiryRow>('SELECT * FROM inquiries.inquiries WHERE id = $1', [
        request.params.id,
      ]);
      // Another customer's inquiry is as unknown as a missing one.
      if (!row || !belongsTo(row.email, customer)) throw new NotFoundError('Inquiry', request.params.id);
      return inquiryEntry(row);
    },
  );
}
