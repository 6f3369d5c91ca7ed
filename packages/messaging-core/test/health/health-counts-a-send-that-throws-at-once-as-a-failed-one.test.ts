import { afterEach, expect, it } from 'vitest';
import { createInMemoryTransport, createMessaging, type Messaging } from '../../src/index.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

it('health counts a send that throws at once, instead of returning a rejected promise, as a failed one', async () => {
  const transport = createInMemoryTransport();
  const send = transport.send.bind(transport);
  let throwing = false;
  // A transport that breaks the contract: it throws instead of returning a rejected promise.
  transport.send = (messages) => {
    if (throwing) throw new Error('the client threw while encoding');
    return send(messages);
  };
  const messaging = createMessaging({ service: 'publisher', transport, publishes: [TicketCreated] });
  buses.push(messaging);
  messaging.endpoint('tickets').on(TicketCreated, () => {});
  await messaging.start();

  throwing = true;
  const publishing = messaging.publish(TicketCreated, { ticketId: 't-1', title: 'thrown' });
  await expect(publishing).rejects.toThrow('the client threw while encoding');
  expect(messaging.health().publishing).toMatchObject({
    consecutiveFailures: 1,
    lastError: 'the client threw while encoding',
  });

  throwing = false;
  await messaging.publish(TicketCreated, { ticketId: 't-2', title: 'sent' });
  expect(messaging.health().publishing).toEqual({ consecutiveFailures: 0 });
});
