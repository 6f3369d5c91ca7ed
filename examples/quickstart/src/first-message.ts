import { createInMemoryTransport, createMessaging, defineMessage } from '@pragmatic-messaging/core';
import { z } from 'zod';

// 1. A contract: the stable wire name, the topic it travels on, its schema and its ordering key.
export const TicketCreated = defineMessage({
  type: 'tickets.ticket-created',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), title: z.string().min(1) }),
  key: (ticket) => ticket.ticketId,
});

// 2. A bus on a transport: swap in RabbitMQ, Kafka or Azure Service Bus here, nothing else changes.
const messaging = createMessaging({ service: 'helpdesk', transport: createInMemoryTransport() });

// 3. A handler: `ticket` is typed from the schema; failures are retried, then dead-lettered.
messaging.endpoint('notifications').on(TicketCreated, async (ticket, context) => {
  console.log(`Ticket ${ticket.ticketId} created: ${ticket.title} (attempt ${context.attempt})`);
});

// 4. Start, publish (resolves once the broker has the message), stop gracefully.
await messaging.start();
await messaging.publish(TicketCreated, { ticketId: 'T-1', title: 'Printer on fire' });
await messaging.stop();
