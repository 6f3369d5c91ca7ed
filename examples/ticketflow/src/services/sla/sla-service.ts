import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DeadlineReminderDue, DeadlinesCalculated, SLABreached } from '../../contracts/sla-contracts.js';
import { ticketIdOfKey } from '../../contracts/ticket-event-key.js';
import {
  AgentAssignedToTicket,
  TicketBlocked,
  TicketCreated,
  TicketQualified,
  TicketResolved,
  TicketUnblocked,
} from '../../contracts/tickets-contracts.js';
import type { Clock } from '../../runtime/clock.js';
import { NotFoundError } from '../../runtime/http-errors.js';
import { runScript } from '../../runtime/run-script.js';
import type { ServiceContext, ServiceModule } from '../../runtime/service-module.js';
import { alertBreaches } from './breach-watcher.js';
import { type DeadlineReminderRow, deadlineRemindersEntry } from './deadline-reminder-row.js';
import { startPeriodicTask } from './periodic-task.js';
import { sendDueReminders } from './reminders-watcher.js';
import { SEED_SIGNED_SLAS, SLA_SCHEMA } from './sla-schema.js';
import { ticketChangeHandlers } from './ticket-changes.js';
import { projectedVersion, type TicketProjectionRow, ticketProjectionEntry } from './ticket-projection.js';

export interface SlaServiceOptions {
  /** The current time; tests inject their own clock. */
  readonly now?: Clock;
}

/**
 * Ticket events are spread over this many partitions by their key. The layout stays the same whatever the
 * reliability features (changing it would mean other broker resources): with partitioning on the key is the ticket
 * id, so one ticket's events come in order; with it off the tickets service gives each event a key of its own.
 */
const TICKET_PARTITIONS = 3;

// The original accepted the enum name or its number.
const SERVICE_TYPES = new Map<string, 'IncidentTicket' | 'QuestionTicket'>([
  ['IncidentTicket', 'IncidentTicket'],
  ['QuestionTicket', 'QuestionTicket'],
  ['1', 'IncidentTicket'],
  ['2', 'QuestionTicket'],
]);

/**
 * SLA: deadlines from the signed SLA of the requester's domain, reminders to the assigned agent at their times,
 * breach alerts until resolution; blocking pauses the clock. Follows tickets through their events only.
 */
export function slaService(options: SlaServiceOptions = {}): ServiceModule {
  const now = options.now ?? (() => new Date());
  return {
    name: 'sla',
    publishes: [DeadlinesCalculated, SLABreached, DeadlineReminderDue],
    migrate: async (sql) => {
      await runScript(sql, SLA_SCHEMA);
      await sql.query(SEED_SIGNED_SLAS.sql, SEED_SIGNED_SLAS.params);
    },
    configure: (context) => configureTicketChanges(context),
    routes: (app, context) => registerSlaRoutes(app, context),
    start(context) {
      const { timing } = context.config;
      const stops = [
        startPeriodicTask(
          'SLA reminders watcher',
          timing.reminderIntervalMs,
          async () => void (await sendDueReminders(context, now)),
          context.logger,
        ),
        startPeriodicTask(
          'SLA breach watcher',
          timing.breachCheckIntervalMs,
          async () => void (await alertBreaches(context, now, timing.breachRealertMs)),
          context.logger,
        ),
      ];
      return async () => {
        await Promise.all(stops.map((stop) => stop()));
      };
    },
  };
}

function configureTicketChanges(context: ServiceContext): void {
  const { features } = context;
  const handle = ticketChangeHandlers();
  context.messaging
    .endpoint('sla.ticket-changes', {
      partitions: TICKET_PARTITIONS,
      // The guard compares with the version SLA actually applied (its projection), not with the last one seen.
      orderingGuard: features.orderingGuard
        ? { currentVersion: (key, tx) => projectedVersion(tx, ticketIdOfKey(key)) }
        : false,
    })
    .on(TicketCreated, handle.created)
    .on(TicketQualified, handle.qualified)
    .on(AgentAssignedToTicket, handle.agentAssigned)
    .on(TicketBlocked, handle.blocked)
    .on(TicketUnblocked, handle.unblocked)
    .on(TicketResolved, handle.resolved);
}

const ReminderParams = z.object({ serviceType: z.string(), ticketId: z.guid() });
const TicketParams = z.object({ ticketId: z.guid() });

function registerSlaRoutes(app: FastifyInstance, context: () => ServiceContext): void {
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
      if (!serviceType) {
        return reply.status(400).send({ message: `Invalid service type "${request.params.serviceType}"` });
      }
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
