// For the decorators fragment: the contracts, a directory of agents and a bus to register the class on.
import type { HandlerContext, MessageOf } from '@pragmatic-messaging/core';
import { createTestMessaging } from '@pragmatic-messaging/core/testing';
import { TicketAssigned, TicketCreated } from './contracts.js';

interface AgentDirectory {
  next(): Promise<string>;
}
const agents: AgentDirectory = { next: async () => 'ada' };
const bus = createTestMessaging({ publishes: [TicketAssigned] });

// @snippet

await bus.start();
await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer on fire' });
await bus.stop();
