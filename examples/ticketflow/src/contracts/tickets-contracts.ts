import { defineMessage } from '@pragmatic-messaging/core';
import { z } from 'zod';
import { Category } from './inquiries-contracts.js';

export const TicketStatus = z.enum([
  'WaitingForScheduledAction',
  'BeforeQualification',
  'Qualified',
  'Blocked',
  'Resolved',
]);
export const TicketType = z.enum(['Incident', 'Question']);
export const SeverityLevel = z.enum(['Low', 'Medium', 'High', 'Critical']);

// Every ticket event travels on topic `tickets`, keyed by ticket id, so one ticket's events keep their order on
// every broker; `version` is the ticket's version after the change (for the ordering guard); `occurredAt` is when
// the change happened — time-based rules (SLA deadlines, pauses, "met") use it, never the time of delivery, which
// an outage can delay by minutes. Optional so that events of older producers still validate.
const ticketEvent = z.object({
  ticketId: z.guid(),
  version: z.number().int().positive(),
  status: TicketStatus,
  occurredAt: z.iso.datetime({ offset: true }).optional(),
});
const ticketRouting = {
  topic: 'tickets',
  key: (event: { ticketId: string }) => event.ticketId,
  version: (event: { version: number }) => event.version,
};

export const TicketCreated = defineMessage({
  type: 'tickets.ticket-created',
  ...ticketRouting,
  schema: ticketEvent.extend({
    inquiryId: z.guid(),
    name: z.string(),
    email: z.string(),
    title: z.string(),
    description: z.string(),
    category: Category,
    languageCode: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  }),
});

export const TicketQualified = defineMessage({
  type: 'tickets.ticket-qualified',
  ...ticketRouting,
  schema: ticketEvent.extend({ ticketType: TicketType, severityLevel: SeverityLevel }),
});

export const IncidentCreated = defineMessage({
  type: 'tickets.incident-created',
  ...ticketRouting,
  schema: ticketEvent.extend({ alertMessageContent: z.string(), alertType: z.literal('Incident') }),
});

export const AgentAssignedToTicket = defineMessage({
  type: 'tickets.agent-assigned-to-ticket',
  ...ticketRouting,
  schema: ticketEvent.extend({ agentId: z.guid(), agentUserId: z.guid() }),
});

export const TicketBlocked = defineMessage({
  type: 'tickets.ticket-blocked',
  ...ticketRouting,
  schema: ticketEvent.extend({ reason: z.string() }),
});

export const TicketUnblocked = defineMessage({
  type: 'tickets.ticket-unblocked',
  ...ticketRouting,
  schema: ticketEvent.extend({ reason: z.string() }),
});

export const TicketResolved = defineMessage({
  type: 'tickets.ticket-resolved',
  ...ticketRouting,
  schema: ticketEvent.extend({ resolution: z.string(), email: z.string(), agentUserId: z.guid().nullable() }),
});

/** A notification for live views: the ticket changed without a domain event (translation, deadline). */
export const TicketUpdated = defineMessage({
  type: 'tickets.ticket-updated',
  ...ticketRouting,
  schema: ticketEvent.extend({ change: z.string() }),
  mandatory: false,
});
