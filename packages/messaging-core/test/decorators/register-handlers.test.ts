import { decoratedHandlersOf, Handles, registerHandlers } from '@pragmatic-messaging/core/decorators';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createTestHarness, createTestMessaging } from '../../src/entries/testing.js';
import { ConfigurationError, type HandlerContext, type Messaging } from '../../src/index.js';
import { AgentNotified, TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';

type Ticket = { ticketId: string; title: string; priority: 'low' | 'high' };

class TicketDesk {
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

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function testBus() {
  const bus = createTestMessaging();
  buses.push(bus);
  return bus;
}

describe('@Handles and registerHandlers', () => {
  it('registers every decorated method on the endpoint, bound to the instance', async () => {
    const bus = testBus();
    const desk = new TicketDesk('ada');
    registerHandlers(bus.endpoint('desk'), desk);
    const harness = createTestHarness(bus);
    await bus.start();
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer' });
    await harness.handled(TicketAssigned);
    expect(desk.seen).toEqual(['created t-1 (low)', 'assigned t-1 to ada']);
    expect(bus.topology().endpoints[0]!.subscriptions).toEqual([
      { topic: 'tickets', messageTypes: [TicketAssigned.type, TicketCreated.type] },
    ]);
  });

  it('lists the decorated methods of an instance, including inherited ones, an override once', () => {
    class Base {
      @Handles(TicketCreated)
      created(): void {}

      @Handles(AgentNotified)
      notified(): void {}
    }
    class Derived extends Base {
      @Handles(TicketAssigned)
      assigned(): void {}

      override notified(): void {}
    }
    const handlers = decoratedHandlersOf(new Derived());
    expect(handlers.map((handler) => [String(handler.method), handler.contract.type])).toEqual([
      ['assigned', TicketAssigned.type],
      ['created', TicketCreated.type],
      ['notified', AgentNotified.type],
    ]);
    expect(decoratedHandlersOf(new Base())).toHaveLength(2);
  });

  it('rejects a class without decorated methods, naming the class and the endpoint', () => {
    class Forgetful {
      handle(): void {}
    }
    const bus = testBus();
    const register = () => registerHandlers(bus.endpoint('forgetful'), new Forgetful());
    expect(register).toThrow(ConfigurationError);
    expect(register).toThrow(
      'Class Forgetful has no method decorated with @Handles(Contract); nothing to register on endpoint "forgetful"',
    );
  });

  it('rejects a method decorated twice with different contracts, at class definition', () => {
    const define = () => {
      class Greedy {
        @Handles(TicketCreated)
        @Handles(TicketAssigned)
        both(): void {}
      }
      return Greedy;
    };
    expect(define).toThrow(ConfigurationError);
    expect(define).toThrow(
      /Greedy\.both is decorated with @Handles for both "tickets\.ticket-assigned" and "tickets\.ticket-created"/,
    );
  });

  it('accepts the same contract twice on one method (a repeated decorator is harmless)', () => {
    class Repeated {
      @Handles(TicketCreated)
      @Handles(TicketCreated)
      created(): void {}
    }
    expect(decoratedHandlersOf(new Repeated())).toHaveLength(1);
  });

  it('rejects two methods handling the same contract, naming both', () => {
    class Twice {
      @Handles(TicketCreated)
      first(): void {}

      @Handles(TicketCreated)
      second(): void {}
    }
    const bus = testBus();
    expect(() => registerHandlers(bus.endpoint('twice'), new Twice())).toThrow(
      'Class Twice handles "tickets.ticket-created" in both first() and second(); endpoint "twice" can have one handler per message type',
    );
  });

  it('checks the message parameter against the contract at compile time', () => {
    class Typed {
      @Handles(TicketAssigned)
      fine(assignment: { ticketId: string }): void {
        expectTypeOf(assignment.ticketId).toBeString();
      }

      @Handles(TicketAssigned)
      noParameters(): void {}

      // @ts-expect-error the contract delivers { ticketId, agent }, not a number
      @Handles(AgentNotified)
      wrong(_count: number): void {}
    }
    expect(decoratedHandlersOf(new Typed()).map((handler) => String(handler.method))).toContain('wrong');
  });
});
