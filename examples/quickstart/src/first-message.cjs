// The same first message from a CommonJS module (no top-level await there, so the steps run in an async function).
const { createInMemoryTransport, createMessaging, defineMessage } = require('@pragmatic-messaging/core');
const { z } = require('zod');

const TicketCreated = defineMessage({
  type: 'tickets.ticket-created',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), title: z.string().min(1) }),
  key: (ticket) => ticket.ticketId,
});

const messaging = createMessaging({ service: 'helpdesk', transport: createInMemoryTransport() });

messaging.endpoint('notifications').on(TicketCreated, async (ticket, context) => {
  console.log(`Ticket ${ticket.ticketId} created: ${ticket.title} (attempt ${context.attempt})`);
});

async function main() {
  await messaging.start();
  await messaging.publish(TicketCreated, { ticketId: 'T-1', title: 'Printer on fire' });
  await messaging.stop();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
