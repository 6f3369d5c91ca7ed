import { DeadlineReminderDue, SLABreached } from '../../contracts/sla-contracts.js';
import { IncidentCreated, TicketResolved } from '../../contracts/tickets-contracts.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import { reminderText, resolutionText } from './message-texts.js';
import { storeAlert } from './operator-alerts.js';
import { storeUserMessage } from './user-messages.js';

/**
 * Resolution notices for customers, alerts for operators, reminders for agents: each stored through `ctx.tx` and
 * announced through `ctx.publish`, in the handler's transaction.
 */
export function registerCommunicationHandlers(context: ServiceContext): void {
  const { messaging } = context;
  messaging
    .endpoint('communication.ticket-resolved', { concurrency: 4 })
    .on(TicketResolved, async (ticket, ctx) => {
      await storeUserMessage(ctx.tx, ctx.publish, {
        recipentEmail: ticket.email,
        recipentUserId: null,
        senderUserId: ticket.agentUserId,
        ...resolutionText(ticket),
      });
    });
  messaging
    .endpoint('communication.alerts', { concurrency: 4 })
    .on(IncidentCreated, async (incident, ctx) => {
      await storeAlert(ctx.tx, ctx.publish, incident.alertType, incident.alertMessageContent);
    })
    .on(SLABreached, async (breach, ctx) => {
      await storeAlert(ctx.tx, ctx.publish, breach.alertType, breach.alertMessageContent);
    });
  messaging
    .endpoint('communication.reminders', { concurrency: 4 })
    .on(DeadlineReminderDue, async (reminder, ctx) => {
      await storeUserMessage(ctx.tx, ctx.publish, {
        recipentEmail: null,
        recipentUserId: reminder.userIdToRemind,
        senderUserId: null,
        ...reminderText(reminder),
      });
    });
}
