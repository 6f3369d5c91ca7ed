import {
  AgentAssignedToTicket,
  IncidentCreated,
  TicketBlocked,
  TicketCreated,
  TicketQualified,
  TicketResolved,
  TicketUnblocked,
  TicketUpdated,
} from '../../contracts/tickets-contracts.js';
import type { Clock } from '../../runtime/clock.js';
import { runScript } from '../../runtime/run-script.js';
import type { ServiceModule } from '../../runtime/service-module.js';
import { registerTicketsHandlers } from './tickets-handlers.js';
import { registerTicketsRoutes } from './tickets-routes.js';
import { SEED_AGENTS, TICKETS_SCHEMA } from './tickets-schema.js';

export interface TicketsServiceOptions {
  /** When ticket changes happen (the `occurredAt` of every event); tests move it by hand. Default: the real time. */
  readonly now?: Clock;
}

/**
 * Tickets: owns the ticket lifecycle (creation from inquiries, translation, qualification, assignment, block,
 * unblock, resolution, client notes) and the agents. Every change bumps the version once and publishes its event
 * in the same transaction.
 */
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
    configure: registerTicketsHandlers,
    routes: (app, context) => registerTicketsRoutes(app, context, now),
  };
}
