// Handler classes for the decorator tests. This file is compiled twice: by vitest with the repository's legacy
// `experimentalDecorators`, and by TypeScript itself with TC39 standard decorators (standard-decorators.ts).
import { Handles } from '@pragmatic-messaging/core/decorators';
import type { HandlerContext } from '../../../src/index.js';
import { AgentNotified, TicketAssigned, TicketCreated } from '../../support/ticket-contracts.js';

type Ticket = { ticketId: string; title: string; priority: 'low' | 'high' };

export class TicketDesk {
  readonly seen: string[] = [];

  constructor(private readonly agent: string) {}

  @Handles(TicketCreated)
  async assign(ticket: Ticket, context: HandlerContext): Promise<void> {
    this.seen.push(`created ${ticket.ticketId} (${ticket.priority})`);
    await context.publish(TicketAssigned, { ticketId: ticket.ticketId, agent: this.agent });
  }

  @Handles(TicketAssigned)
  recordAssignment(assignment: { ticketId: string; agent: string }): void {
    this.seen.push(`assigned ${assignment.ticketId} to ${assignment.agent}`);
  }

  helper(): string {
    return 'not a handler';
  }
}

export class Base {
  @Handles(TicketCreated)
  created(): void {}

  @Handles(AgentNotified)
  notified(): void {}
}

export class Derived extends Base {
  @Handles(TicketAssigned)
  assigned(): void {}

  override notified(): void {}
}

export class Forgetful {
  handle(): void {}
}

export class Repeated {
  @Handles(TicketCreated)
  @Handles(TicketCreated)
  created(): void {}
}

export class Twice {
  @Handles(TicketCreated)
  first(): void {}

  @Handles(TicketCreated)
  second(): void {}
}

export class Typed {
  @Handles(TicketAssigned)
  fine(assignment: { ticketId: string }): void {
    void assignment.ticketId;
  }

  @Handles(TicketAssigned)
  noParameters(): void {}

  // @ts-expect-error the contract delivers { ticketId, agent }, not a number
  @Handles(AgentNotified)
  wrong(_count: number): void {}
}

export function defineGreedy() {
  class Greedy {
    @Handles(TicketCreated)
    @Handles(TicketAssigned)
    both(): void {}
  }
  return Greedy;
}

export function defineStatic() {
  class Registry {
    @Handles(TicketCreated)
    static created(): void {}

    instance(): void {}
  }
  return Registry;
}
