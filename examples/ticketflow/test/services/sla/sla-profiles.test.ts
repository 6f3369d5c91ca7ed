import { InMemoryTransport, type TransportMessage } from '@pragmatic-messaging/core';
import { afterEach, describe, expect, it } from 'vitest';
import { TicketCreated, TicketQualified } from '../../../src/contracts/tickets-contracts.js';
import type { RunningTicketFlow } from '../../../src/embedded.js';
import { eventuallyReminders, ok, startTestFlow, submitTicket } from './ticketflow-test-client.js';

// The layout is the same on both: partitioning off changes the key of ticket events, not SLA's broker resources.
describe.each(['reliable', 'naive'] as const)('SLA on the %s profile', (profile) => {
  let flow: RunningTicketFlow | undefined;
  afterEach(async () => {
    await flow?.stop();
  });

  it('partitions its ticket-changes endpoint over 3; ticket events share the ticket id as key only with partitioning', async () => {
    flow = await startTestFlow({
      profile,
      services: ['inquiries', 'translations', 'tickets', 'sla', 'communication'],
    });
    const endpoint = flow.runtime
      .host('sla')
      ?.current()
      .messaging.topology()
      .endpoints.find((candidate) => candidate.name === 'sla.ticket-changes');
    expect(endpoint?.partitions).toBe(3);

    // Watch the ticket events on the broker, as a consumer sees them.
    const seen: TransportMessage[] = [];
    const watcher = new InMemoryTransport({ broker: flow.runtime.broker });
    const types = [TicketCreated.type, TicketQualified.type];
    const watching = {
      name: `watch-${profile}`,
      service: 'test',
      subscriptions: [{ topic: 'tickets', messageTypes: types }],
      retryDelays: [],
      concurrency: 8,
      prefetch: 16,
      temporary: true,
    };
    await watcher.provision({ topics: [], endpoints: [watching] });
    await watcher.consume(watching, async (delivery) => {
      seen.push(delivery.message);
      await delivery.ack();
    });
    try {
      const ticket = await submitTicket(flow, 'ivan@devmentors.io');
      await ok(flow, 'POST', `/api/tickets/${ticket.id}/qualify`, {
        ticketType: 'Question',
        severityLevel: 'Low',
      });
      const record = await eventuallyReminders(flow, ticket.id, 'exists');
      expect(new Date(record.deadlineDateUtc).getTime() - new Date(ticket.createdAt).getTime()).toBe(
        30 * 60_000,
      );
      const keys = seen.filter((message) => types.includes(message.type)).map((message) => message.key);
      expect(keys).toHaveLength(2);
      if (profile === 'reliable') expect(keys).toEqual([ticket.id, ticket.id]);
      else expect(keys).toEqual(seen.map((message) => `${ticket.id}/${message.id}`));
    } finally {
      await watcher.close();
    }
  });
});
