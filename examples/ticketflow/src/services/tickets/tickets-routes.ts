import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Category } from '../../contracts/inquiries-contracts.js';
import { SeverityLevel, TicketStatus, TicketType } from '../../contracts/tickets-contracts.js';
import type { Clock } from '../../runtime/clock.js';
import { belongsTo, CustomerHeader, customerOf } from '../../runtime/customer-identity.js';
import { refusals } from '../../runtime/error-responses.js';
import { NotFoundError } from '../../runtime/http-errors.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import { trimmedText } from '../../runtime/text-input.js';
import { TimestampInput } from '../../runtime/timestamp-input.js';
import { AgentEntry } from './agent-row.js';
import { ticketCommands } from './ticket-commands.js';
import { ticketEventPublisher } from './ticket-event-publisher.js';
import { createTicket } from './ticket-intake.js';
import { TicketDetails, TicketPage, ticketQueries } from './ticket-queries.js';

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
  createdAt: TimestampInput,
});
const Reason = trimmedText(1, 'must not be empty').max(500);
/** A command's answer: the ticket's new details, or 409 when the ticket's state forbids the command. */
const CommandAnswer = { 200: TicketDetails, ...refusals(409) };

/**
 * The tickets API: lists and details, the agents, the commands (qualify, assign, block, unblock, resolve — each
 * answers the ticket's new details), the synchronous flow's create, and client notes.
 */
export function registerTicketsRoutes(app: FastifyInstance, context: () => ServiceContext, now: Clock): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const queries = () => ticketQueries(context().query);
  const commands = () => ticketCommands(context().messaging, context().features, now);
  const details = (id: string) => queries().details(id);

  typed.get('/', { schema: { querystring: ListQuery, response: { 200: TicketPage } } }, (request) =>
    queries().list(request.query),
  );
  typed.post(
    '/',
    { schema: { body: CreateSynchronously, response: { 201: TicketDetails } } },
    async (request, reply) => {
      const { messaging, features } = context();
      await messaging.transaction((sql, publish) =>
        createTicket(sql, ticketEventPublisher(features, publish), request.body),
      );
      return reply.status(201).send(await details(request.body.id));
    },
  );
  typed.get('/agents', { schema: { response: { 200: z.array(AgentEntry) } } }, () => queries().agents());
  typed.get('/agents/:id', { schema: { params: TicketId, response: { 200: AgentEntry } } }, (request) =>
    queries().agent(request.params.id),
  );
  typed.get('/:id', { schema: { params: TicketId, response: { 200: TicketDetails } } }, (request) =>
    details(request.params.id),
  );
  typed.post(
    '/:id/qualify',
    {
      schema: {
        params: TicketId,
        body: z.object({ ticketType: TicketType, severityLevel: SeverityLevel.default('Low') }),
        response: CommandAnswer,
      },
    },
    async (request) => {
      await commands().qualify(request.params.id, request.body.ticketType, request.body.severityLevel);
      return details(request.params.id);
    },
  );
  typed.post(
    '/:id/assign/:agentId',
    { schema: { params: TicketId.extend({ agentId: z.guid() }), response: CommandAnswer } },
    async (request) => {
      await commands().assign(request.params.id, request.params.agentId);
      return details(request.params.id);
    },
  );
  for (const action of ['block', 'unblock', 'resolve'] as const) {
    typed.post(
      `/:id/${action}/:reason`,
      { schema: { params: TicketId.extend({ reason: Reason }), response: CommandAnswer } },
      async (request) => {
        await commands()[action](request.params.id, request.params.reason);
        return details(request.params.id);
      },
    );
  }
  // Client notes are the customer's comments: the agents read them, and a signed-in customer (see
  // customer-identity.ts) reaches only the notes of their own tickets.
  typed.get(
    '/:id/client-notes',
    { schema: { headers: CustomerHeader, params: TicketId } },
    async (request, reply) => {
      const customer = customerOf(request);
      const row = await queries().clientNotes(request.params.id);
      if (!row || (customer && !belongsTo(row.email, customer))) {
        throw new NotFoundError('Ticket', request.params.id);
      }
      return reply.type('text/plain; charset=utf-8').send(row.notes);
    },
  );
  typed.post(
    '/:id/client-notes',
    {
      schema: {
        headers: CustomerHeader,
        params: TicketId,
        body: z.object({ note: trimmedText(1, 'must not be empty').max(2_000) }),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (request) => {
      const customer = customerOf(request);
      const added = await queries().addClientNote(request.params.id, request.body.note, customer);
      if (!added) throw new NotFoundError('Ticket', request.params.id);
      return { ok: true };
    },
  );
}
