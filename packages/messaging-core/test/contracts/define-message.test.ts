import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigurationError,
  createInMemoryTransport,
  createMessaging,
  defineMessage,
  type HandlerContext,
  type MessageInputOf,
  type MessageOf,
  type StandardSchemaV1,
  ValidationError,
  validateMessage,
} from '../../src/index.js';
import { TicketCreated } from '../support/ticket-contracts.js';

describe('defineMessage', () => {
  it('returns a frozen contract that is mandatory by default', () => {
    expect(TicketCreated.type).toBe('tickets.ticket-created');
    expect(TicketCreated.topic).toBe('tickets');
    expect(TicketCreated.mandatory).toBe(true);
    expect(Object.isFrozen(TicketCreated)).toBe(true);
    const signal = defineMessage({
      type: 'signals.ping',
      topic: 'signals',
      schema: z.object({}),
      mandatory: false,
    });
    expect(signal.mandatory).toBe(false);
  });

  it.each([
    ['type', { type: 'bad type', topic: 'ok' }, /Message type "bad type" is not a valid name/],
    ['type', { type: '.starts-with-dot', topic: 'ok' }, /Message type "\.starts-with-dot"/],
    ['topic', { type: 'ok', topic: 'a/b' }, /Topic "a\/b" is not a valid name/],
    ['topic', { type: 'ok', topic: 'x'.repeat(201) }, /at most 200 characters/],
  ])('rejects an invalid %s with a ConfigurationError naming it', (_field, names, message) => {
    const define = () => defineMessage({ ...names, schema: z.object({}) });
    expect(define).toThrow(ConfigurationError);
    expect(define).toThrow(message);
  });

  it('rejects a schema that is not a Standard Schema, naming the type', () => {
    const notASchema = { parse: () => ({}) } as unknown as StandardSchemaV1<object>;
    expect(() => defineMessage({ type: 'tickets.x', topic: 'tickets', schema: notASchema })).toThrow(
      /"tickets\.x" needs a Standard Schema validator/,
    );
  });

  it('infers the publish input and the handler message from the zod schema', () => {
    expectTypeOf<MessageInputOf<typeof TicketCreated>>().toEqualTypeOf<{
      ticketId: string;
      title: string;
      priority?: 'low' | 'high' | undefined;
    }>();
    expectTypeOf<MessageOf<typeof TicketCreated>>().toEqualTypeOf<{
      ticketId: string;
      title: string;
      priority: 'low' | 'high';
    }>();

    const bus = createMessaging({ service: 'types', transport: createInMemoryTransport() });
    bus.endpoint('types').on(TicketCreated, (ticket, context) => {
      expectTypeOf(ticket).toEqualTypeOf<{ ticketId: string; title: string; priority: 'low' | 'high' }>();
      expectTypeOf(context).toEqualTypeOf<HandlerContext>();
    });
    expectTypeOf(bus.publish<MessageInputOf<typeof TicketCreated>, MessageOf<typeof TicketCreated>>)
      .parameter(1)
      .toEqualTypeOf<MessageInputOf<typeof TicketCreated>>();
    // @ts-expect-error a ticket without its id does not type-check as a publish input
    const publishWithoutId = () => bus.publish(TicketCreated, { title: 'no id' });
    expect(publishWithoutId).toBeTypeOf('function');
  });
});

describe('validateMessage', () => {
  it('returns the schema output (defaults applied)', async () => {
    await expect(validateMessage(TicketCreated, { ticketId: 't-1', title: 'Printer' })).resolves.toEqual({
      ticketId: 't-1',
      title: 'Printer',
      priority: 'low',
    });
  });

  it('throws a non-retryable ValidationError naming the type and every issue path', async () => {
    const error = await validateMessage(TicketCreated, { ticketId: '', priority: 'urgent' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.retryable).toBe(false);
    expect(validation.code).toBe('VALIDATION_FAILED');
    expect(validation.messageType).toBe('tickets.ticket-created');
    expect(validation.issues.map((issue) => issue.path).sort()).toEqual(['priority', 'ticketId', 'title']);
    expect(validation.message).toMatch(/^Message of type "tickets\.ticket-created" is invalid: /);
  });
});
