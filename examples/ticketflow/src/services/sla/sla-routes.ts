import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../runtime/http-errors.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import { type DeadlineReminderRow, deadlineRemindersEntry } from './deadline-reminder-row.js';
import { type TicketProjectionRow, ticketProjectionEntry } from './ticket-projection.js';

// The original accepted the enum name or its number.
const SERVICE_TYPES = new Map<string, 'IncidentTicket' | 'QuestionTicket'>([
  ['IncidentTicket', 'IncidentTicket'],
  ['QuestionTicket', 'QuestionTicket'],
  ['1', 'IncidentTicket'],
  ['2', 'QuestionTicket'],
]);

const ReminderParams = z.object({
  serviceType: z.enum([...SERVICE_TYPES.keys()] as [string, ...string[]], {
    error: `Invalid service type; expected one of ${[...SERVICE_TYPES.keys()].join(', ')}`,
  }),
  ticketId: z.guid(),
});
const TicketParams = z.object({ ticketId: z.guid() });

/** The SLA API: its projection of a ticket, and a ticket's deadline and reminders record. */
export function registerSlaRoutes(app: FastifyInstance, context: () => ServiceContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  // What SLA believes about a ticket (its projection of ticket events): where a stale event shows.
  typed.get('/tickets/:ticketId', { schema: { params: TicketParams } }, async (request) => {
    const [row] = await context().query<TicketProjectionRow>(
      'SELECT * FROM sla.tickets WHERE ticket_id = $1',
      [request.params.ticketId],
    );
    if (!row) throw new NotFoundError('Ticket known to SLA', request.params.ticketId);
    return ticketProjectionEntry(row);
  });
  typed.get(
    '/:serviceType/:ticketId/deadline-reminders',
    { schema: { params: ReminderParams } },
    async (request, reply) => {
      const serviceType = SERVICE_TYPES.get(request.params.serviceType);
      const [row] = await context().query<DeadlineReminderRow>(
        'SELECT * FROM sla.deadline_reminders WHERE service_type = $1 AND service_source_id = $2',
        [serviceType, request.params.ticketId],
      );
      if (!row) {
        return reply.status(404).send({
          message: `Service not found: no ${serviceType} deadline for ticket ${request.params.ticketId}`,
        });
      }
      return deadlineRemindersEntry(row);
    },
  );
}
