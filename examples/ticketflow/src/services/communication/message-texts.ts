import type { MessageOf } from '@pragmatic-messaging/core';
import type { DeadlineReminderDue } from '../../contracts/sla-contracts.js';
import type { TicketResolved } from '../../contracts/tickets-contracts.js';

type Reminder = MessageOf<typeof DeadlineReminderDue>;

const ticketLabel = (serviceType: Reminder['serviceType']) =>
  serviceType === 'IncidentTicket' ? 'Ticket - Incident' : 'Ticket - Question';

/** The agent's message for each reminder kind, modelled on the original's (Polish) texts. */
export function reminderText(reminder: Reminder): { title: string; content: string } {
  const subject = `${ticketLabel(reminder.serviceType)} - ID: ${reminder.serviceSourceId}`;
  const deadline = `Deadline: ${reminder.deadlineUtc}`;
  switch (reminder.kind) {
    case 'first':
      return {
        title: 'Reminder #1',
        content: `${subject} is assigned to you and awaits your action.\n${deadline}`,
      };
    case 'second':
      return {
        title: 'Reminder #2',
        content: `${subject} is assigned to you and awaits your action.\n${deadline}`,
      };
    case 'final':
      return {
        title: 'Final reminder',
        content: `${subject} is about to breach its SLA - act as soon as possible!\n${deadline}`,
      };
    case 'breach':
      return {
        title: 'SLA breached',
        content: `${subject} has breached the agreed SLA - act now!\n${deadline}`,
      };
  }
}

/** The customer's notice when their ticket is resolved. */
export function resolutionText(ticket: MessageOf<typeof TicketResolved>): { title: string; content: string } {
  return {
    title: 'Your inquiry has been resolved',
    content: `We have finished processing your inquiry.\nStatus: [${ticket.status}]\nResolution: ${ticket.resolution}`,
  };
}
