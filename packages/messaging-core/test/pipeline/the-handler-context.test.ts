import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness } from '../../src/entries/testing.js';
import {
  createInMemoryTransport,
  createMessaging,
  type HandlerContext,
  Headers,
  type Messaging,
} from '../../src/index.js';
import { spyOnSends } from '../support/spy-on-sends.js';
import { AgentNotified, TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

describe('the handler context', () => {
  it('describes the delivery and publishes in its scope, also when destructured', async () => {
    const transport = createInMemoryTransport();
    const sent = spyOnSends(transport);
    const bus = createMessaging({ service: 'helpdesk', transport });
    buses.push(bus);
    const seen: Partial<HandlerContext>[] = [];
    bus.endpoint('triage').on(TicketCreated, async (ticket, context) => {
      const { publish, messageId, type, topic, key, endpoint, attempt, redelivered, correlationId } = context;
      seen.push({ messageId, type, topic, key, endpoint, attempt, redelivered, correlationId });
      expect(context.envelope.id).toBe(messageId);
      expect(context.headers[Headers.sourceService]).toBe('helpdesk');
      await publish(AgentNotified, { agent: 'ada', ticketId: ticket.ticketId });
    });
    bus.endpoint('agents').on(AgentNotified, () => {});
    const harness = createTestHarness(bus);
    await bus.start();

    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer' }, { correlationId: 'req-7' });
    await harness.published(AgentNotified);

    const [created, notified] = sent;
    expect(seen).toEqual([
      {
        messageId: created!.id,
        type: TicketCreated.type,
        topic: 'tickets',
        key: 't-1',
        endpoint: 'triage',
        attempt: 1,
        redelivered: false,
        correlationId: 'req-7',
      },
    ]);
    expect(notified!.headers[Headers.correlationId]).toBe('req-7');
    expect(notified!.headers[Headers.causationId]).toBe(created!.id);
  });

  it('shares its items with the middleware of the delivery, made on first use', async () => {
    const bus = createMessaging({ service: 'helpdesk', transport: createInMemoryTransport() });
    buses.push(bus);
    const read: unknown[] = [];
    bus
      .endpoint('triage')
      .use(async (context, next) => {
        context.items.set('tenant', `tenant of ${context.envelope.key}`);
        await next();
        read.push(context.items.get('after'));
      })
      .on(TicketCreated, (_ticket, context) => {
        read.push(context.items.get('tenant'));
        (context.items as Map<string, unknown>).set('after', 'set by the handler');
      });
    const harness = createTestHarness(bus);
    await bus.start();

    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer' });
    await bus.publish(TicketCreated, { ticketId: 't-2', title: 'Scanner' });
    await harness.handled(TicketCreated, { count: 2 });

    expect(read).toEqual(['tenant of t-1', 'set by the handler', 'tenant of t-2', 'set by the handler']);
  });

  it("gives the bus's own shutdown signal, unaborted, when the transport has no signal for the delivery", async () => {
    const bus = createMessaging({ service: 'helpdesk', transport: createInMemoryTransport() });
    buses.push(bus);
    const signals: AbortSignal[] = [];
    bus.endpoint('triage').on(TicketCreated, (_ticket, context) => {
      signals.push(context.signal, context.signal);
    });
    const harness = createTestHarness(bus);
    await bus.start();

    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer' });
    await bus.publish(TicketCreated, { ticketId: 't-2', title: 'Scanner' });
    await harness.handled(TicketCreated, { count: 2 });

    expect(signals).toHaveLength(4);
    expect(signals[0]!.aborted).toBe(false);
    expect(new Set(signals).size, 'one signal for every delivery: nothing combined per message').toBe(1);
  });
});
