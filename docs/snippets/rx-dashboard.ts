// For the rxjs fragment: a bus, and where alerts and statistics go.
import { createTestMessaging } from '@pragmatic-messaging/core/testing';
import { TicketCreated } from './contracts.js';

const bus = createTestMessaging();
bus.endpoint('notifications').on(TicketCreated, async () => {});
const alerting = { notify: (_event: unknown) => {} };
const dashboard = { render: (_rows: unknown) => {} };

// @snippet

await bus.start();
await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer on fire' });
await bus.stop();
