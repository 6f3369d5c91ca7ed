import { AlertStored, MessageStored } from '../../contracts/communication-contracts.js';
import { runScript } from '../../runtime/run-script.js';
import type { ServiceModule } from '../../runtime/service-module.js';
import { registerCommunicationHandlers } from './communication-handlers.js';
import { registerCommunicationRoutes } from './communication-routes.js';
import { COMMUNICATION_SCHEMA } from './communication-schema.js';

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
    configure: registerCommunicationHandlers,
    routes: registerCommunicationRoutes,
  };
}
