import { defineMessage } from '@pragmatic-messaging/core';
import { z } from 'zod';

// The contracts the documentation's snippets use, as the pages show them.

export const TicketCreated = defineMessage({
  type: 'tickets.ticket-created',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), title: z.string().min(1) }),
  key: (ticket) => ticket.ticketId,
});

export const TicketAssigned = defineMessage({
  type: 'tickets.ticket-assigned',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), agent: z.string() }),
  key: (assignment) => assignment.ticketId,
});

export const TicketQualified = defineMessage({
  type: 'tickets.ticket-qualified',
  topic: 'tickets',
  schema: z.object({
    ticketId: z.string().uuid(),
    severity: z.enum(['Low', 'Medium', 'High', 'Critical']),
    version: z.number().int(),
  }),
  key: (event) => event.ticketId,
  version: (event) => event.version,
});

export const DeadlinesCalculated = defineMessage({
  type: 'sla.deadlines-calculated',
  topic: 'sla',
  schema: z.object({ ticketId: z.string(), deadline: z.string() }),
  key: (event) => event.ticketId,
});

export const ExportRequested = defineMessage({
  type: 'exports.export-requested',
  topic: 'exports',
  schema: z.object({ url: z.string().url() }),
});
