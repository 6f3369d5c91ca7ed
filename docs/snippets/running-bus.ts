// A fragment that uses a running `messaging` bus: one with the endpoints the pages name, started, stopped after.
import { createInMemoryTransport, createMessaging } from '@pragmatic-messaging/core';
import { TicketQualified } from './contracts.js';

const messaging = createMessaging({
  service: 'sla',
  transport: createInMemoryTransport(),
  publishes: [TicketQualified],
});
messaging.endpoint('sla-tickets', { partitions: 4 }).on(TicketQualified, async () => {});
messaging.endpoint('billing').on(TicketQualified, async () => {});
await messaging.start();

// @snippet

await messaging.stop();
