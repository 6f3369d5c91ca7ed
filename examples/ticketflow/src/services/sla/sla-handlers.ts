import { ticketIdOfKey } from '../../contracts/ticket-event-key.js';
import {
  AgentAssignedToTicket,
  TicketBlocked,
  TicketCreated,
  TicketQualified,
  TicketResolved,
  TicketUnblocked,
} from '../../contracts/tickets-contracts.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import { ticketChangeHandlers } from './ticket-changes.js';
import { projectedVersion } from './ticket-projection.js';

/**
 * Ticket events are spread over this many partitions by their key. The layout stays the same whatever the
 * reliability features (changing it would mean other broker resources): with partitioning on the key is the ticket
 * id, so one ticket's events come in order; with it off the tickets service gives each event a key of its own.
 */
const TICKET_PARTITIONS = 3;

/** SLA follows tickets through their events only, on one partitioned endpoint (see ticket-changes.ts). */
export function registerSlaHandlers(context: ServiceContext): void {
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
