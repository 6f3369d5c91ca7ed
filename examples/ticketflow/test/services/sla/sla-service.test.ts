import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TicketResolved } from '../../../src/contracts/tickets-contracts.js';
import type { RunningTicketFlow } from '../../../src/embedded.js';
import { slaService } from '../../../src/services/sla/sla-service.js';
import { ticketsService } from '../../../src/services/tickets/tickets-service.js';
import {
  AGENT,
  agentMessagesAbout,
  eventually,
  eventuallyReminders,
  http,
  ManualClock,
  ok,
  remindersOf,
  startTestFlow,
  submitTicket,
  type TicketView,
  transportSuites,
} from './ticketflow-test-client.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const at = (iso: string, plusMs = 0) => new Date(new Date(iso).getTime() + plusMs);

for (const suite of transportSuites('SLA service')) {
  describe.runIf(suite.ready)(`SLA service (embedded runtime, ${suite.transport}, PGlite)`, () => {
    const clock = new ManualClock();
    let flow: RunningTicketFlow;

    beforeAll(async () => {
      // Tickets stamps its events with the same clock: SLA's rules go by when a change happened.
      flow = await startTestFlow({
        ...suite.options,
        modules: { sla: slaService({ now: clock.now }), tickets: ticketsService({ now: clock.now }) },
      });
    }, 120_000);
    afterAll(async () => {
      await flow?.stop();
    });
    beforeEach(() => clock.reset());

    async function qualifiedTicket(
      email: string,
      severityLevel: string,
      ticketType = 'Question',
    ): Promise<TicketView> {
      const ticket = await submitTicket(flow, email);
      await ok(flow, 'POST', `/api/tickets/${ticket.id}/qualify`, { ticketType, severityLevel });
      return ticket;
    }

    it('computes the deadline from the signed VIP SLA of devmentors.io and tells Tickets', async () => {
      const ticket = await qualifiedTicket('anna@devmentors.io', 'High', 'Incident');
      const record = await eventuallyReminders(flow, ticket.id, 'exists', undefined, 'IncidentTicket');
      expect(record.serviceType).toBe('IncidentTicket');
      expect(record.deadlineDateUtc).toBe(at(ticket.createdAt, 3 * MINUTE).toISOString());
      expect(record.userIdToRemind).toBeNull();
      expect(record.serviceCompleted).toBe(false);
      const updated = await eventually('Tickets stores the deadline', async () => {
        const details = await ok<TicketView>(flow, 'GET', `/api/tickets/${ticket.id}`);
        return details.deadline ? details : undefined;
      });
      expect(updated.deadline).toBe(record.deadlineDateUtc);
      // The original's numeric service types are accepted too.
      expect((await http(flow, 'GET', `/api/sla/1/${ticket.id}/deadline-reminders`)).status).toBe(200);
    });

    it('uses the default Standard SLA for other domains, including subdomains of devmentors.io', async () => {
      const ticket = await qualifiedTicket('bob@test.devmentors.io', 'Medium');
      const record = await eventuallyReminders(flow, ticket.id, 'exists');
      expect(record.deadlineDateUtc).toBe(at(ticket.createdAt, 3 * DAY).toISOString());
      expect(record.firstReminderDateUtc).toBe(at(ticket.createdAt, 15 * MINUTE).toISOString());
      expect(record.secondReminderDateUtc).toBe(at(ticket.createdAt, 1.5 * DAY).toISOString());
      expect(record.finalReminderDateUtc).toBe(at(ticket.createdAt, 3 * DAY - 15 * MINUTE).toISOString());
    });

    it('answers 400 for an unknown service type and 404 when there is no record', async () => {
      const ticket = await qualifiedTicket('carol@example.com', 'Low');
      await eventuallyReminders(flow, ticket.id, 'exists');
      const invalid = await http<{ message: string }>(
        flow,
        'GET',
        `/api/sla/Printer/${ticket.id}/deadline-reminders`,
      );
      expect(invalid.status).toBe(400);
      expect(invalid.body.message).toContain('Invalid service type');
      expect((await http(flow, 'GET', `/api/sla/constructor/${ticket.id}/deadline-reminders`)).status).toBe(
        400,
      );
      expect((await remindersOf(flow, ticket.id, 'IncidentTicket')).status).toBe(404);
      expect((await remindersOf(flow, crypto.randomUUID())).status).toBe(404);
    });

    it('reminds the assigned agent at each reminder time, then alerts on breach and again after the re-alert time', async () => {
      const ticket = await qualifiedTicket('dave@example.com', 'Critical');
      await eventuallyReminders(flow, ticket.id, 'exists');
      await ok(flow, 'POST', `/api/tickets/${ticket.id}/assign/${AGENT.id}`);
      const assigned = await eventuallyReminders(
        flow,
        ticket.id,
        'has the agent',
        (r) => r.userIdToRemind === AGENT.userId,
      );
      // Critical: 1 hour, so the reminders come at +15/+30/+45 min.
      expect(assigned.deadlineDateUtc).toBe(at(ticket.createdAt, 60 * MINUTE).toISOString());
      expect(assigned.firstReminderSent).toBe(false);

      clock.jumpTo(at(assigned.firstReminderDateUtc, 1_000));
      await eventuallyReminders(flow, ticket.id, 'sent the first reminder', (r) => r.firstReminderSent);
      const first = await eventually('the agent has Reminder #1', async () => {
        const messages = await agentMessagesAbout(flow, AGENT.userId, ticket);
        return messages.length > 0 ? messages : undefined;
      });
      expect(first.map((message) => message.title)).toEqual(['Reminder #1']);
      expect((await remindersOf(flow, ticket.id)).body.secondReminderSent).toBe(false);

      clock.jumpTo(at(assigned.finalReminderDateUtc, 1_000));
      await eventuallyReminders(flow, ticket.id, 'sent the final reminder', (r) => r.finalReminderSent);
      const titles = await eventually('the agent has three reminders', async () => {
        const messages = await agentMessagesAbout(flow, AGENT.userId, ticket);
        return messages.length >= 3 ? messages.map((message) => message.title).sort() : undefined;
      });
      expect(titles).toEqual(['Final reminder', 'Reminder #1', 'Reminder #2']);

      clock.jumpTo(at(assigned.deadlineDateUtc, 1_000));
      const breached = await eventuallyReminders(
        flow,
        ticket.id,
        'alerted the breach',
        (r) => r.lastDeadlineBreachedAlertSentDateUtc !== null,
      );
      expect(breached.deadlineMet).toBe(false);
      const slaAlerts = () => alertsAbout(ticket.title);
      await eventually('an SLA alert is stored', async () =>
        (await slaAlerts()).length === 1 ? true : undefined,
      );
      await eventually('the agent is told of the breach', async () => {
        const messages = await agentMessagesAbout(flow, AGENT.userId, ticket);
        return messages.some((message) => message.title === 'SLA breached') ? true : undefined;
      });

      clock.advance(1_500); // past breachRealertMs (1 s)
      await eventually('a second SLA alert is stored', async () =>
        (await slaAlerts()).length === 2 ? true : undefined,
      );

      await ok(flow, 'POST', `/api/tickets/${ticket.id}/resolve/Replaced%20the%20toner`);
      const resolved = await eventuallyReminders(flow, ticket.id, 'is completed', (r) => r.serviceCompleted);
      expect(resolved.deadlineMet).toBe(false);
    });

    async function alertsAbout(title: string) {
      const alerts = await ok<{ message: string; type: string }[]>(flow, 'GET', '/api/communication/alerts');
      return alerts.filter((alert) => alert.type === 'SLA' && alert.message.includes(`“${title}”`));
    }

    it('marks the deadline met when resolved before it', async () => {
      const ticket = await qualifiedTicket('erin@example.com', 'Low');
      await eventuallyReminders(flow, ticket.id, 'exists');
      await ok(flow, 'POST', `/api/tickets/${ticket.id}/resolve/Answered`);
      const record = await eventuallyReminders(flow, ticket.id, 'is completed', (r) => r.serviceCompleted);
      expect(record.deadlineMet).toBe(true);
    });

    it('counts a resolution made before the deadline as met, even when it arrives after the deadline', async () => {
      const ticket = await qualifiedTicket('hugo@example.com', 'Critical');
      const record = await eventuallyReminders(flow, ticket.id, 'exists');
      // SLA is slow to get the resolution (an outage, a backlog): by the time it handles it, the deadline is past.
      // (Held before its transaction, so the embedded database stays free for the resolve request meanwhile.)
      flow.runtime.host('sla')!.faults.add({
        point: 'transaction.before',
        messageType: TicketResolved.type,
        effect: 'delay',
        delayMs: 1_000,
        count: 1,
      });
      await ok(flow, 'POST', `/api/tickets/${ticket.id}/resolve/Fixed%20in%20time`);
      clock.jumpTo(at(record.deadlineDateUtc, 10 * MINUTE));
      const resolved = await eventuallyReminders(flow, ticket.id, 'is completed', (r) => r.serviceCompleted);
      expect(resolved.deadlineMet).toBe(true);
    });

    it('pauses the SLA clock while blocked: no reminders, and the deadline moves by the blocked time', async () => {
      const blocked = await qualifiedTicket('frank@example.com', 'Low');
      const control = await qualifiedTicket('grace@example.com', 'Low');
      for (const ticket of [blocked, control]) {
        await eventuallyReminders(flow, ticket.id, 'exists');
        await ok(flow, 'POST', `/api/tickets/${ticket.id}/assign/${AGENT.id}`);
        await eventuallyReminders(flow, ticket.id, 'has the agent', (r) => r.userIdToRemind !== null);
      }
      const before = (await remindersOf(flow, blocked.id)).body;
      await ok(flow, 'POST', `/api/tickets/${blocked.id}/block/Waiting%20for%20the%20customer`);
      const blockedAt = clock.now();
      // The block is applied once SLA's projection has it; Tickets' history shows the command, so wait on SLA itself:
      // the record's version follows every event SLA applied.
      const blockedVersion = (await ok<TicketView>(flow, 'GET', `/api/tickets/${blocked.id}`)).version;
      await eventuallyReminders(
        flow,
        blocked.id,
        'applied the block',
        (r) => r.serviceLastKnownVersion >= blockedVersion,
      );

      clock.advance(DAY);
      // The control ticket proves the reminders watcher ran after the jump.
      await eventuallyReminders(flow, control.id, 'sent the first reminder', (r) => r.firstReminderSent);
      expect((await remindersOf(flow, blocked.id)).body.firstReminderSent).toBe(false);

      await ok(flow, 'POST', `/api/tickets/${blocked.id}/unblock/Customer%20answered`);
      const pausedMs = clock.now().getTime() - blockedAt.getTime();
      const moved = await eventuallyReminders(
        flow,
        blocked.id,
        'moved the deadline',
        (r) => r.deadlineDateUtc !== before.deadlineDateUtc,
      );
      const shift = new Date(moved.deadlineDateUtc).getTime() - new Date(before.deadlineDateUtc).getTime();
      expect(shift).toBeGreaterThanOrEqual(DAY);
      expect(shift).toBeLessThanOrEqual(pausedMs + 5_000);
      expect(
        new Date(moved.firstReminderDateUtc).getTime() - new Date(before.firstReminderDateUtc).getTime(),
      ).toBe(shift);
      await eventually('Tickets has the moved deadline', async () => {
        const details = await ok<TicketView>(flow, 'GET', `/api/tickets/${blocked.id}`);
        return details.deadline === moved.deadlineDateUtc ? true : undefined;
      });
    });
  });
}
