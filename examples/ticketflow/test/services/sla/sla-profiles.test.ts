import { afterEach, describe, expect, it } from 'vitest';
import type { RunningTicketFlow } from '../../../src/embedded.js';
import { eventuallyReminders, ok, startTestFlow, submitTicket } from './ticketflow-test-client.js';

describe.each([
  { profile: 'reliable', partitions: 3 },
  { profile: 'naive', partitions: undefined },
] as const)('SLA on the $profile profile', ({ profile, partitions }) => {
  let flow: RunningTicketFlow | undefined;
  afterEach(async () => {
    await flow?.stop();
  });

  it(`${partitions ? 'partitions' : 'does not partition'} its ticket-changes endpoint and computes deadlines`, async () => {
    flow = await startTestFlow({
      profile,
      services: ['inquiries', 'translations', 'tickets', 'sla', 'communication'],
    });
    const endpoint = flow.runtime
      .host('sla')
      ?.current()
      .messaging.topology()
      .endpoints.find((candidate) => candidate.name === 'sla.ticket-changes');
    expect(endpoint?.partitions).toBe(partitions);

    const ticket = await submitTicket(flow, 'ivan@devmentors.io');
    await ok(flow, 'POST', `/api/tickets/${ticket.id}/qualify`, {
      ticketType: 'Question',
      severityLevel: 'Low',
    });
    const record = await eventuallyReminders(flow, ticket.id, 'exists');
    expect(new Date(record.deadlineDateUtc).getTime() - new Date(ticket.createdAt).getTime()).toBe(
      30 * 60_000,
    );
  });
});
