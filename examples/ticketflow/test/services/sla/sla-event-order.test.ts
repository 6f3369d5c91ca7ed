import { randomUUID } from 'node:crypto';
import type { Messaging } from '@pragmatic-messaging/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AgentAssignedToTicket,
  TicketCreated,
  TicketQualified,
} from '../../../src/contracts/tickets-contracts.js';
import type { RunningTicketFlow } from '../../../src/embedded.js';
import { AGENT, startTestFlow } from '../../support/test-flow.js';
import { eventuallyReminders } from '../../support/ticketflow-steps.js';

/**
 * Ticket events published directly (as Tickets would) in orders Tickets' HTTP API cannot produce, to check that SLA
 * neither loses nor misapplies them. Reliable profile: ordered partitions and the ordering guard.
 */
describe('SLA with reordered ticket events', () => {
  let flow: RunningTicketFlow;
  let messaging: Messaging;

  beforeAll(async () => {
    // No inquiries service: these tickets have no inquiry.
    flow = await startTestFlow({ services: ['sla', 'tickets', 'communication'] });
    messaging = flow.runtime.host('sla')!.current().messaging;
  });
  afterAll(async () => {
    await flow?.stop();
  });

  const created = (ticketId: string) => ({
    ticketId,
    version: 1,
    status: 'BeforeQualification' as const,
    inquiryId: ticketId,
    name: 'Anna Customer',
    email: 'anna@example.com',
    title: 'Reordered events',
    description: 'A ticket whose events arrive in an unusual order.',
    category: 'Technical' as const,
    languageCode: 'en',
    createdAt: new Date().toISOString(),
  });
  const qualified = (ticketId: string) => ({
    ticketId,
    version: 2,
    status: 'Qualified' as const,
    ticketType: 'Question' as const,
    severityLevel: 'Medium' as const,
  });

  it('keeps an assignment that arrives before the qualification and applies it with the deadline', async () => {
    const ticketId = randomUUID();
    await messaging.publish(TicketCreated, created(ticketId));
    await messaging.publish(AgentAssignedToTicket, {
      ticketId,
      version: 3,
      status: 'Qualified',
      agentId: AGENT.id,
      agentUserId: AGENT.userId,
    });
    await messaging.publish(TicketQualified, qualified(ticketId));
    // With the ordering guard, version 2 after version 3 would be stale — unless the assignment was only stored.
    const record = await eventuallyReminders(
      flow,
      ticketId,
      'exists with the agent',
      (r) => r.userIdToRemind !== null,
    );
    expect(record.userIdToRemind).toBe(AGENT.userId);
    expect(record.serviceLastKnownVersion).toBe(3);
  });

  it('retries an event for a ticket it does not know yet', async () => {
    const ticketId = randomUUID();
    await messaging.publish(TicketQualified, qualified(ticketId));
    await messaging.publish(TicketCreated, created(ticketId));
    const record = await eventuallyReminders(
      flow,
      ticketId,
      'exists after the retry',
      undefined,
      'QuestionTicket',
    );
    expect(record.serviceLastKnownVersion).toBe(2);
  });
});
