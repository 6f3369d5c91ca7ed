import { afterEach, describe, expect, it } from 'vitest';
import {
  createInMemoryTransport,
  createMessaging,
  FaultRegistry,
  InMemoryBroker,
  type Messaging,
} from '../../src/index.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';
import { TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

describe('delivery faults', () => {
  it('a reorder fault holds each message back once, so the next overtakes it, and then lets it through', async () => {
    const faults = new FaultRegistry();
    // A standing rule, as an anomaly is: every matching message is held back — once.
    faults.add({ point: 'delivery.reorder', messageType: TicketCreated.type, delayMs: 50 });
    const waiter = new ConditionWaiter();
    const handled: string[] = [];
    const messaging = createMessaging({
      service: 'faults',
      transport: createInMemoryTransport({ broker: new InMemoryBroker() }),
      faults,
      retry: { immediate: 0, delays: [] },
      publishes: [TicketCreated, TicketAssigned],
    });
    buses.push(messaging);
    messaging
      .endpoint('faults.worker', { concurrency: 1 })
      .on(TicketCreated, (ticket) => {
        handled.push(`created ${ticket.ticketId}`);
        waiter.changed();
      })
      .on(TicketAssigned, (assignment) => {
        handled.push(`assigned ${assignment.ticketId}`);
        waiter.changed();
      });
    await messaging.start();
    await messaging.publish(TicketCreated, { ticketId: 't1', title: 'first' });
    await messaging.publish(TicketAssigned, { ticketId: 't1', agent: 'ann' });
    await waiter.until(() => handled.length === 2, 'both handled', 5_000);
    expect(handled).toEqual(['assigned t1', 'created t1']);
    expect(faults.list()[0]?.fired).toBe(1);
  });
});
