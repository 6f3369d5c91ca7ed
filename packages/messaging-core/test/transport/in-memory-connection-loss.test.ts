import { afterEach, describe, expect, it } from 'vitest';
import {
  createInMemoryTransport,
  createMessaging,
  FaultRegistry,
  InMemoryBroker,
  type Messaging,
} from '../../src/index.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function bus(broker: InMemoryBroker, faults?: FaultRegistry) {
  const transport = createInMemoryTransport({ broker, reconnectDelayMs: 20 });
  const messaging = createMessaging({
    service: 'loss',
    transport,
    faults,
    retry: { immediate: 0, delays: [] },
    publishes: [TicketCreated],
  });
  buses.push(messaging);
  return { messaging, transport };
}

describe('in-memory transport: connection loss', () => {
  it('declares a temporary endpoint again when it reconnects, and the endpoint receives again', async () => {
    const waiter = new ConditionWaiter();
    const received: string[] = [];
    const { messaging, transport } = bus(new InMemoryBroker());
    messaging
      .endpoint('loss.signals.instance-1', { temporary: true, transactional: false })
      .on(TicketCreated, (ticket) => {
        received.push(ticket.ticketId);
        waiter.changed();
      });
    await messaging.start();
    await messaging.publish(TicketCreated, { ticketId: 'before', title: 'before the loss' });
    await waiter.until(() => received.includes('before'), 'the first signal', 5_000);

    // The temporary queue goes away with its last consumer; the reconnect timer used to throw
    // `Endpoint "loss.signals.instance-1" does not exist` out of the process.
    await transport.simulateConnectionLoss();
    expect(transport.health().status).toBe('reconnecting');
    await messaging.publish(TicketCreated, { ticketId: 'after', title: 'after the loss' });
    await waiter.until(() => received.includes('after'), 'a signal after reconnecting', 5_000);
    expect(transport.health()).toEqual({ status: 'connected', detail: undefined });
  });

  it('reports a reconnection that fails in health and in sends instead of throwing from its timer', async () => {
    const broker = new InMemoryBroker();
    const { messaging, transport } = bus(broker);
    messaging
      .endpoint('loss.temporary', { temporary: true, transactional: false })
      .on(TicketCreated, () => {});
    await messaging.start();
    await transport.simulateConnectionLoss();
    // While the connection is down, someone else declares the same name with another layout.
    broker.provision({
      topics: [],
      endpoints: [
        {
          name: 'loss.temporary',
          service: 'other',
          subscriptions: [],
          concurrency: 1,
          prefetch: 1,
          partitions: 2,
          retryDelays: [],
          temporary: false,
        },
      ],
    });
    const send = messaging.publish(TicketCreated, { ticketId: 'x', title: 'during a failed reconnect' });
    await expect(send).rejects.toThrow(/lost its connection for good: reconnecting failed: .*2 partition/);
    expect(transport.health()).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/partition/),
    });
  });

  it('a connection-drop fault loses the delivery it arrived with, which comes again and is handled once', async () => {
    const faults = new FaultRegistry();
    faults.add({ point: 'transport.connection-drop', messageType: TicketCreated.type, count: 1 });
    const waiter = new ConditionWaiter();
    const handled: { ticketId: string; redelivered: boolean }[] = [];
    const { messaging, transport } = bus(new InMemoryBroker(), faults);
    messaging.endpoint('loss.worker', { concurrency: 1 }).on(TicketCreated, (ticket, context) => {
      handled.push({ ticketId: ticket.ticketId, redelivered: context.redelivered });
      waiter.changed();
    });
    await messaging.start();
    for (const ticketId of ['t1', 't2', 't3']) {
      await messaging.publish(TicketCreated, { ticketId, title: ticketId });
    }
    await waiter.until(() => handled.length >= 3, 'all three handled', 5_000);
    expect(handled.map((entry) => entry.ticketId).sort()).toEqual(['t1', 't2', 't3']);
    expect(handled.find((entry) => entry.ticketId === 't1')?.redelivered).toBe(true);
    expect(faults.list()).toEqual([]);
    expect(transport.health().status).toBe('connected');
  });
});
