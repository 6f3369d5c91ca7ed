import { afterEach, expect, it } from 'vitest';
import { createInMemoryTransport, createMessaging, type Messaging, PublishError } from '../../src/index.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

it('health is not ready while the broker refuses every send, and ready again once one goes through', async () => {
  const transport = createInMemoryTransport();
  const send = transport.send.bind(transport);
  let refusing = false;
  // The connection looks fine, but the broker does not take anything: a producer out of step, a full disk.
  transport.send = (messages) =>
    refusing ? Promise.reject(new PublishError('the broker did not acknowledge (timeout)')) : send(messages);
  const messaging = createMessaging({ service: 'publisher', transport, publishes: [TicketCreated] });
  buses.push(messaging);
  messaging.endpoint('tickets').on(TicketCreated, () => {});
  await messaging.start();

  refusing = true;
  for (const ticketId of ['t-1', 't-2']) {
    await expect(messaging.publish(TicketCreated, { ticketId, title: 'refused' })).rejects.toThrow(
      PublishError,
    );
  }
  const health = messaging.health();
  expect(health).toMatchObject({
    live: true,
    ready: false,
    status: 'degraded',
    transport: { status: 'connected' },
  });
  expect(health.reasons).toEqual(['publishing fails (2 in a row): the broker did not acknowledge (timeout)']);
  expect(health.publishing).toMatchObject({ consecutiveFailures: 2, lastFailureAt: expect.any(Number) });

  refusing = false;
  await messaging.publish(TicketCreated, { ticketId: 't-3', title: 'accepted' });
  expect(messaging.health()).toMatchObject({ ready: true, publishing: { consecutiveFailures: 0 } });
});

it('a message refused for what it is does not make the bus unready: the broker works', async () => {
  const transport = createInMemoryTransport();
  const messaging = createMessaging({ service: 'publisher', transport, publishes: [TicketCreated] });
  buses.push(messaging);
  await messaging.start();

  // Nobody subscribes to TicketCreated: the in-memory broker reports it unroutable.
  await expect(
    messaging.publish(TicketCreated, { ticketId: 't-1', title: 'nobody listens' }),
  ).rejects.toThrow(/unroutable|no endpoint/i);
  expect(messaging.health()).toMatchObject({ ready: true, publishing: { consecutiveFailures: 0 } });
});
