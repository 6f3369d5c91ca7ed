import type { MessageOf } from '@pragmatic-messaging/core';
import type { DeadlineReminderDue } from '../../contracts/sla-contracts.js';
import type { TicketResolved } from '../../contracts/tickets-contracts.js';
import { humanTime } from '../../runtime/human-time.js';

type Reminder = MessageOf<typeof DeadlineReminderDue>;

const ticketKind = (serviceType: Reminder['serviceType']) =>
  serviceType === 'IncidentTicket' ? 'incident' : 'question';

/** The agent's message for each reminder kind, modelled on the original's (Polish) texts; names the ticket by title. */
export function reminderText(reminder: Reminder): { title: string; content: string } {
  const name = reminder.title ? `“${reminder.title}”` : `ticket ${reminder.serviceSourceId}`;
  const subject = `Your ${ticketKind(reminder.serviceType)} ${name}`;
  const deadline = `Deadline: ${humanTime(reminder.deadlineUtc)}`;
  switch (reminder.kind) {
    case 'first':
      return { title: 'Reminder #1', content: `${subject} awaits your action.\n${deadline}` };
    case 'second':
      return { title: 'Reminder #2', content: `${subject} still awaits your action.\n${deadline}` };
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
