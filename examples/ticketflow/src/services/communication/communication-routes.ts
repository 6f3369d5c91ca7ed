import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CustomerHeader, customerOf, requireCustomer } from '../../runtime/customer-identity.js';
import { refusals } from '../../runtime/error-responses.js';
import { NotFoundError } from '../../runtime/http-errors.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import { trimmedText } from '../../runtime/text-input.js';
import { TimestampInput } from '../../runtime/timestamp-input.js';
import { AlertEntry, type AlertRow, alertEntry } from './operator-alerts.js';
import { storeUserMessage, UserMessagePage, type UserMessageRow, userMessageEntry } from './user-messages.js';

const ALERTS_SHOWN = 10;

// z.stringbool()'s words (any case), listed as an enum so that the API document says which ones are accepted.
const TRUE_WORDS = ['true', '1', 'yes', 'on', 'y', 'enabled'] as const;
const FALSE_WORDS = ['false', '0', 'no', 'off', 'n', 'disabled'] as const;
const flag = z.preprocess(
  (value) => (typeof value === 'string' ? value.toLowerCase() : value),
  z
    .enum([...TRUE_WORDS, ...FALSE_WORDS])
    .transform((word) => (TRUE_WORDS as readonly string[]).includes(word)),
);
const AlertsQuery = z.object({ onlyUnread: flag.default(false) });
const ReadFlag = z.object({ isRead: flag });
const Done = { 200: z.object({ ok: z.boolean() }) };
const IdParams = z.object({ id: z.guid() });
const MessagesQuery = z.object({
  onlyUnread: flag.default(false),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

const NewMessage = z
  .object({
    recipentEmail: z.email().nullable().optional(),
    recipentUserId: z.guid().nullable().optional(),
    senderUserId: z.guid().nullable().optional(),
    title: trimmedText(1, 'must not be empty'),
    content: trimmedText(1, 'must not be empty'),
    timestamp: TimestampInput.optional(),
    isRead: z.boolean().optional(),
  })
  .refine((message) => message.recipentUserId || message.recipentEmail, {
    message: 'recipentUserId or recipentEmail is required',
    path: ['recipentUserId'],
  })
  // The rule above, in the API document (a refinement is invisible to it): one of the two is a string.
  .meta({
    anyOf: ['recipentUserId', 'recipentEmail'].map((field) => ({
      required: [field],
      properties: { [field]: { type: 'string' } },
    })),
  });

/** Alerts and messages with their read flags; messages for logged users (agents) and anonymous ones (customers). */
export function registerCommunicationRoutes(app: FastifyInstance, context: () => ServiceContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.get(
    '/alerts',
    { schema: { querystring: AlertsQuery, response: { 200: z.array(AlertEntry) } } },
    async (request) => {
      const rows = await context().query<AlertRow>(
        'SELECT * FROM communication.alerts WHERE NOT ($1 AND is_read) ORDER BY created_at DESC, id LIMIT $2',
        [request.query.onlyUnread, ALERTS_SHOWN],
      );
      return rows.map(alertEntry);
    },
  );

  typed.put(
    '/alerts/:id',
    { schema: { params: IdParams, querystring: ReadFlag, response: Done } },
    async (request) => {
      const rows = await context().query(
        'UPDATE communication.alerts SET is_read = $2 WHERE id = $1 RETURNING id',
        [request.params.id, request.query.isRead],
      );
      if (rows.length === 0) throw new NotFoundError('Alert', request.params.id);
      return { ok: true };
    },
  );

  typed.get(
    '/logged-users/:userId/messages',
    {
      schema: {
        params: z.object({ userId: z.guid() }),
        querystring: MessagesQuery,
        response: { 200: UserMessagePage },
      },
    },
    (request) => messagePage(context(), 'recipent_user_id = $1', [request.params.userId], request.query),
  );

  // Customers ("anonymous users" in the original) see the messages sent to their own e-mail only.
  typed.get(
    '/anonymous-users/messages',
    {
      schema: {
        headers: CustomerHeader,
        querystring: MessagesQuery,
        response: { 200: UserMessagePage, ...refusals(401) },
      },
    },
    (request) =>
      messagePage(
        context(),
        'recipent_user_id IS NULL AND lower(recipent_email) = $1',
        [requireCustomer(request)],
        request.query,
      ),
  );

  // A message to a customer's e-mail can only be marked by that customer.
  typed.put(
    '/messages/:id',
    { schema: { headers: CustomerHeader, params: IdParams, querystring: ReadFlag, response: Done } },
    async (request) => {
      const customer = customerOf(request);
      const rows = await context().query(
        `UPDATE communication.messages SET is_read = $2
       WHERE id = $1 AND (recipent_email IS NULL OR lower(recipent_email) = $3) RETURNING id`,
        [request.params.id, request.query.isRead, customer ?? null],
      );
      if (rows.length === 0) throw new NotFoundError('Message', request.params.id);
      return { ok: true };
    },
  );

  typed.post(
    '/messages',
    { schema: { body: NewMessage, response: { 201: z.object({ id: z.string() }) } } },
    async (request, reply) => {
      const { messaging } = context();
      const body = request.body;
      const id = await messaging.transaction((tx, publish) =>
        storeUserMessage(tx, publish, {
          ...body,
          recipentEmail: body.recipentEmail ?? null,
          recipentUserId: body.recipentUserId ?? null,
          senderUserId: body.senderUserId ?? null,
        }),
      );
      return reply.status(201).send({ id });
    },
  );
}

async function messagePage(
  context: ServiceContext,
  recipient: string,
  params: readonly unknown[],
  query: z.infer<typeof MessagesQuery>,
) {
  const next = params.length + 1;
  const filtered = `WHERE ${recipient} AND NOT ($${next} AND is_read)`;
  const rows = await context.query<UserMessageRow>(
    `SELECT * FROM communication.messages ${filtered} ORDER BY timestamp DESC, id LIMIT $${next + 1} OFFSET $${next + 2}`,
    [...params, query.onlyUnread, query.limit, (query.page - 1) * query.limit],
  );
  const [counts] = await context.query<{ total: number; unread: number }>(
    `SELECT count(*) FILTER (WHERE NOT ($${next} AND is_read))::int AS total,
            count(*) FILTER (WHERE NOT is_read)::int AS unread
     FROM communication.messages WHERE ${recipient}`,
    [...params, query.onlyUnread],
  );
  return { data: rows.map(userMessageEntry), total: counts?.total ?? 0, unread: counts?.unread ?? 0 };
}
