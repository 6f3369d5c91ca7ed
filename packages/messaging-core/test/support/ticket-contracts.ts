import { z } from 'zod';
import { defineMessage } from '../../src/index.js';

export const TicketCreated = defineMessage({
  type: 'tickets.ticket-created',
  topic: 'tickets',
  schema: z.object({
    ticketId: z.string().min(1),
    title: z.string(),
    priority: z.enum(['low', 'high']).default('low'),
  }),
  key: (ticket) => ticket.ticketId,
});

export const TicketAssigned = defineMessage({
  type: 'tickets.ticket-assigned',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), agent: z.string() }),
  key: (assignment) => assignment.ticketId,
});

export const AgentNotified = defineMessage({
  type: 'agents.agent-notified',
  topic: 'agents',
  schema: z.object({ agent: z.string(), ticketId: z.string() }),
});
