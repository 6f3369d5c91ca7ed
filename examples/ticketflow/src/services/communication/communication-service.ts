import { AlertStored, MessageStored } from '../../contracts/communication-contracts.js';
import { DeadlineReminderDue, SLABreached } from '../../contracts/sla-contracts.js';
import { IncidentCreated, TicketResolved } from '../../contracts/tickets-contracts.js';
import { runScript } from '../../runtime/run-script.js';
import type { ServiceModule } from '../../runtime/service-module.js';
import { registerCommunicationRoutes } from './communication-routes.js';
import { COMMUNICATION_SCHEMA } from './communication-schema.js';
import { reminderText, resolutionText } from './message-texts.js';
import { storeAlert } from './operator-alerts.js';
import { storeUserMessage } from './user-messages.js';

/**
 * Communication: stores messages for agents (SLA reminders) and customers (resolution notices) and operator
 * alerts (incidents, SLA breaches), and announces each stored one for live views.
 */
export function communicationService(): ServiceModule {
  return {
    name: 'communication',
    publishes: [AlertStored, MessageStored],
    migrate: async (sql) => {
      await runScript(sql, COMMUNICATION_SCHEMA);
    },
    configure(context) {
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
    },
    routes: registerCommunicationRoutes,
  };
}
