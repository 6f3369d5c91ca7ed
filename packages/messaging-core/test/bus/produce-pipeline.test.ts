import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness } from '../../src/entries/testing.js';
import {
  createInMemoryTransport,
  createMessaging,
  Headers,
  type Messaging,
  type MessagingOptions,
  PublishError,
  ValidationError,
} from '../../src/index.js';
import { spyOnSends } from '../support/spy-on-sends.js';
import { AgentNotified, TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';
import { withCapabilities } from '../support/with-capabilities.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function busWithSpy(options: Partial<Omit<MessagingOptions, 'transport'>> = {}, maxMessageBytes?: number) {
  const transport = createInMemoryTransport();
  if (maxMessageBytes !== undefined) withCapabilities(transport, { maxMessageBytes });
  const sent = spyOnSends(transport);
  const bus = createMessaging({
    service: 'producer',
    transport,
    retry: { immediate: 0, delays: [] },
    ...options,
  });
  buses.push(bus);
  return { bus, sent, transport };
}

describe('produce pipeline', () => {
  it('rejects a schema-invalid publish with a ValidationError and sends nothing', async () => {
    const { bus, sent } = busWithSpy();
    bus.endpoint('tickets').on(TicketCreated, () => {});
    await bus.start();

    const invalid = { ticketId: 42, title: 'wrong id type' } as unknown as {
      ticketId: string;
      title: string;
    };
    const rejection = bus.publish(TicketCreated, invalid);
    await expect(rejection).rejects.toBeInstanceOf(ValidationError);
    await expect(rejection).rejects.toThrow(/"tickets\.ticket-created" is invalid: ticketId: /);
    expect(sent).toEqual([]);

    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'valid' });
    expect(sent.map((message) => message.type)).toEqual(['tickets.ticket-created']);
  });

  it('sends the envelope with id, key, topic, content type and source service, and no attempt header for the first attempt', async () => {
    const { bus, sent } = busWithSpy({ publishes: [TicketCreated] });
    bus.endpoint('tickets').on(TicketCreated, () => {});
    await bus.start();
    await bus.publish(
      TicketCreated,
      { ticketId: 't-7', title: 'Printer' },
      { headers: { 'x-tenant': 'acme' } },
    );
    const [envelope] = sent;
    expect(envelope).toMatchObject({
      type: TicketCreated.type,
      topic: 'tickets',
      key: 't-7',
      mandatory: true,
    });
    expect(envelope!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(envelope!.headers).toMatchObject({
      'x-tenant': 'acme',
      [Headers.contentType]: 'application/json',
      [Headers.sourceService]: 'producer',
      // Outside a handler a message starts its own causal chain.
      [Headers.correlationId]: envelope!.id,
    });
    expect(envelope!.headers[Headers.causationId]).toBeUndefined();
    // Absent means attempt 1: the first attempt carries no header for it.
    expect(envelope!.headers[Headers.attempt]).toBeUndefined();
    // The body is the schema's input as given: defaults are the consumer's business.
    expect(JSON.parse(new TextDecoder().decode(envelope!.body))).toEqual({
      ticketId: 't-7',
      title: 'Printer',
    });
  });

  it('carries the correlation id down a handler chain and names each cause', async () => {
    const { bus, sent } = busWithSpy();
    bus
      .endpoint('assignment')
      .on(TicketCreated, (ticket, context) =>
        context.publish(TicketAssigned, { ticketId: ticket.ticketId, agent: 'ada' }),
      );
    // The second hop publishes through the bus, not the context: the message scope still knows the cause.
    bus.endpoint('notification').on(TicketAssigned, (assignment) => bus.publish(AgentNotified, assignment));
    bus.endpoint('inbox').on(AgentNotified, () => {});
    const harness = createTestHarness(bus);
    await bus.start();

    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'chain' }, { correlationId: 'request-1' });
    await harness.handled(AgentNotified);

    const [created, assigned, notified] = [TicketCreated, TicketAssigned, AgentNotified].map(
      (contract) => sent.find((message) => message.type === contract.type)!,
    );
    expect(created!.headers[Headers.correlationId]).toBe('request-1');
    expect(created!.headers[Headers.causationId]).toBeUndefined();
    expect(assigned!.headers).toMatchObject({
      [Headers.correlationId]: 'request-1',
      [Headers.causationId]: created!.id,
    });
    expect(notified!.headers).toMatchObject({
      [Headers.correlationId]: 'request-1',
      [Headers.causationId]: assigned!.id,
    });
  });

  it('rejects a message larger than the transport accepts, naming type and sizes, and sends nothing', async () => {
    const { bus, sent } = busWithSpy({ publishes: [TicketCreated] }, 512);
    await bus.start();
    const publish = bus.publish(TicketCreated, { ticketId: 't-1', title: 'x'.repeat(600) });
    await expect(publish).rejects.toBeInstanceOf(PublishError);
    await expect(publish).rejects.toThrow(
      /Message "tickets\.ticket-created" is \d+ bytes; transport "memory" accepts at most 512/,
    );
    await expect(publish).rejects.toMatchObject({ retryable: false });
    expect(sent).toEqual([]);
  });

  it('rejects (never throws) when the contract key function fails, naming the type', async () => {
    const { bus, sent } = busWithSpy();
    await bus.start();
    const broken = {
      ...TicketCreated,
      key: () => {
        throw new Error('no key today');
      },
    };
    let publishing: Promise<void> | undefined;
    expect(() => {
      publishing = bus.publish(broken, { ticketId: 't-1', title: 'x' });
    }, 'publish must report failures through its promise').not.toThrow();
    await expect(publishing).rejects.toThrow(
      'The key function of "tickets.ticket-created" failed: no key today',
    );
    expect(sent).toEqual([]);
  });

  it('runs produce middleware in order before serialization, so it can add headers', async () => {
    const order: string[] = [];
    const { bus, sent } = busWithSpy({
      publishes: [TicketCreated],
      middleware: {
        produce: [
          async (context, next) => {
            order.push('first');
            context.headers['x-first'] = 'yes';
            await next();
          },
          async (context, next) => {
            order.push(`second saw ${context.headers['x-first']}`);
            await next();
          },
        ],
      },
    });
    bus.endpoint('tickets').on(TicketCreated, () => {});
    await bus.start();
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'x' });
    expect(order).toEqual(['first', 'second saw yes']);
    expect(sent[0]!.headers['x-first']).toBe('yes');
  });

  it('rejects with the broker refusal when nobody subscribes to a mandatory message', async () => {
    const { bus } = busWithSpy({ publishes: [TicketCreated] });
    await bus.start();
    await expect(bus.publish(TicketCreated, { ticketId: 't-1', title: 'x' })).rejects.toThrow(
      /"tickets\.ticket-created" on topic "tickets" was unroutable/,
    );
  });
});
