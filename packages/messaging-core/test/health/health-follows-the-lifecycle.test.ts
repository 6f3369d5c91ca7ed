import { afterEach, expect, it } from 'vitest';
import { createInMemoryTransport, createMessaging, type Messaging } from '../../src/index.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

it('health follows the lifecycle: not live before start, ready when consuming, live but not ready while reconnecting', async () => {
  const transport = createInMemoryTransport({ reconnectDelayMs: 20 });
  const messaging = createMessaging({ service: 'lifecycle', transport });
  buses.push(messaging);
  messaging.endpoint('tickets').on(TicketCreated, () => {});
  expect(messaging.health()).toEqual({
    live: false,
    ready: false,
    reasons: ['not started'],
    status: 'unhealthy',
    state: 'created',
    transport: { status: 'idle' },
    endpoints: [{ name: 'tickets', consuming: false }],
    publishing: { consecutiveFailures: 0 },
  });

  await messaging.start();
  expect(messaging.health()).toMatchObject({
    live: true,
    ready: true,
    reasons: [],
    status: 'healthy',
    state: 'started',
    endpoints: [{ name: 'tickets', consuming: true }],
  });

  const reconnecting = transport.simulateConnectionLoss();
  expect(messaging.health()).toMatchObject({
    live: true,
    ready: false,
    status: 'degraded',
    reasons: ['the broker connection is reconnecting'],
    transport: { status: 'reconnecting' },
  });
  await reconnecting;
  // Sending waits for the reconnection, so a publish that resolves proves it is back.
  await messaging.publish(TicketCreated, { ticketId: 't', title: 'after reconnect' });
  expect(messaging.health()).toMatchObject({ ready: true, status: 'healthy' });

  await messaging.stop();
  expect(messaging.health()).toMatchObject({
    live: false,
    ready: false,
    reasons: ['stopped'],
    status: 'unhealthy',
    transport: { status: 'closed' },
    endpoints: [{ name: 'tickets', consuming: false }],
  });
});
