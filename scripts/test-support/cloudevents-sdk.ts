import { randomUUID } from 'node:crypto';
import {
  createMessaging,
  defineMessage,
  type HandlerContext,
  type Messaging,
  type Transport,
  type TransportMessage,
  type WireFormat,
} from '@pragmatic-messaging/core';
import { ConditionWaiter } from '@pragmatic-messaging/core/testing';
import { CloudEvent, type CloudEventV1, HTTP } from 'cloudevents';
import { expect } from 'vitest';
import { z } from 'zod';

/**
 * The CloudEvents tests of every transport: a bus publishing in each wire mode whose raw broker messages the
 * official SDK (`cloudevents`) decodes, and SDK-encoded events the bus consumes. One run's names are unique.
 */
export function cloudEventsWorld(run = randomUUID().slice(0, 8)) {
  const topic = `ce-${run}`;
  const contracts = {
    /** Follows the bus's wire format. */
    binary: defineMessage({
      type: `ce.${run}.ticket-opened`,
      topic,
      schema: z.object({ ticketId: z.string(), title: z.string() }),
      key: (ticket) => ticket.ticketId,
    }),
    /** Its own wire format wins over the bus's. */
    structured: defineMessage({
      type: `ce.${run}.ticket-closed`,
      topic,
      schema: z.object({ ticketId: z.string(), title: z.string() }),
      key: (ticket) => ticket.ticketId,
      wireFormat: 'cloudevents-structured',
    }),
  };
  const service = `ce-${run}-helpdesk`;
  const endpoint = `ce-${run}-inbox`;
  const received: { message: unknown; context: HandlerContext }[] = [];
  const waiter = new ConditionWaiter();
  return {
    run,
    topic,
    contracts,
    service,
    endpoint,
    received,
    /** A bus on `transport` that publishes both contracts in `wireFormat`, its endpoint recording what arrives. */
    bus(transport: Transport, wireFormat: WireFormat = 'cloudevents-binary'): Messaging {
      const bus = createMessaging({
        service,
        transport,
        wireFormat,
        publishes: [contracts.binary, contracts.structured],
        retry: { immediate: 0, delays: [] },
      });
      bus
        .endpoint(endpoint)
        .on(contracts.binary, async (message, context) => record(message, context))
        .on(contracts.structured, async (message, context) => record(message, context));
      return bus;
    },
    until(count: number, description: string): Promise<void> {
      return waiter.until(() => received.length >= count, description, 20_000);
    },
    /** An event as another stack would produce it with the SDK. */
    sdkEvent(
      kind: keyof typeof contracts,
      ticketId: string,
    ): CloudEventV1<{ ticketId: string; title: string }> {
      return new CloudEvent({
        id: randomUUID(),
        type: contracts[kind].type,
        source: 'https://crm.example.com/tickets',
        time: '2026-03-04T05:06:07.089Z',
        datacontenttype: 'application/json',
        partitionkey: ticketId,
        data: { ticketId, title: `from the SDK, ${kind}` },
      });
    },
  };
  function record(message: unknown, context: HandlerContext) {
    received.push({ message, context });
    waiter.changed();
  }
}

/** What the SDK decoded from a message the bus published: valid, with the envelope's id, type, source, time, data. */
export function expectDecodedBySdk(
  event: CloudEventV1<unknown>,
  expected: { id?: string; type: string; source: string; time?: number; data: unknown; key: string },
): void {
  // The bindings decode without validating; validate as a strict receiver would.
  expect(() => new CloudEvent({ ...event }, true).validate()).not.toThrow();
  expect(event.specversion).toBe('1.0');
  if (expected.id !== undefined) expect(event.id).toBe(expected.id);
  expect(event.type).toBe(expected.type);
  expect(event.source).toBe(expected.source);
  if (expected.time !== undefined) expect(Date.parse(event.time!)).toBe(expected.time);
  expect(event.datacontenttype).toBe('application/json');
  expect(event.data).toEqual(expected.data);
  expect(event.partitionkey).toBe(expected.key);
}

/** What the bus made of an SDK-encoded event: its id, type, source and time, and the data as the message. */
export function expectConsumedFromSdk(
  entry: { message: unknown; context: HandlerContext },
  event: CloudEventV1<unknown>,
): void {
  expect(entry.context.messageId).toBe(event.id);
  expect(entry.context.type).toBe(event.type);
  expect(entry.context.headers['source-service']).toBe(event.source);
  expect(entry.context.envelope.timestamp).toBe(Date.parse(event.time!));
  expect(entry.context.key).toBe(event.partitionkey);
  expect(entry.message).toEqual(event.data);
}

/**
 * The SDK has no AMQP binding (HTTP, Kafka and MQTT only). AMQP's binary mode is HTTP's with another attribute
 * prefix (`cloudEvents_` for `ce-`) and structured mode is the same JSON event format, so an AMQP message is read by
 * the SDK's HTTP binding with the prefix translated — the SDK still parses and validates every attribute.
 */
export function sdkEventOfAmqp(
  properties: Readonly<Record<string, unknown>>,
  contentType: string | undefined,
  body: Buffer,
): CloudEventV1<unknown> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) {
    const attribute = /^cloudEvents[_:](.+)$/.exec(name)?.[1];
    if (attribute) headers[`ce-${attribute}`] = value instanceof Date ? value.toISOString() : String(value);
  }
  if (contentType !== undefined) headers['content-type'] = contentType;
  return HTTP.toEvent({ headers, body: body.toString('utf8') }) as CloudEventV1<unknown>;
}

/** An SDK event as an AMQP message per the AMQP binding: the SDK's HTTP encoding with the AMQP prefix. */
export function amqpOfSdkEvent(
  event: CloudEventV1<unknown>,
  mode: 'binary' | 'structured',
): { properties: Record<string, string>; contentType: string; body: Buffer } {
  const http = mode === 'binary' ? HTTP.binary(event) : HTTP.structured(event);
  const properties: Record<string, string> = {};
  let contentType = '';
  for (const [name, value] of Object.entries(http.headers)) {
    if (name === 'content-type') contentType = String(value);
    else if (name.startsWith('ce-')) properties[`cloudEvents_${name.slice(3)}`] = String(value);
  }
  const body = typeof http.body === 'string' ? http.body : JSON.stringify(http.body);
  return { properties, contentType, body: Buffer.from(body) };
}

/** The envelope the codec tests encode: a keyed JSON message of service helpdesk, in `format`. */
export function envelopeIn(format: WireFormat): TransportMessage {
  return {
    id: 'id-1',
    type: 'tickets.ticket-created',
    topic: 'tickets',
    key: 't-1',
    headers: {
      'content-type': 'application/json',
      'source-service': 'helpdesk',
      'correlation-id': 'c-1',
      'pm-wire-format': format,
    },
    body: new TextEncoder().encode('{"ticketId":"t-1"}'),
    timestamp: 1_700_000_000_123,
  };
}

/** What the SDK must decode from `envelopeIn(…)`. */
export const decodedEnvelope = {
  id: 'id-1',
  type: 'tickets.ticket-created',
  source: 'helpdesk',
  time: '2023-11-14T22:13:20.123Z',
  partitionkey: 't-1',
  data: { ticketId: 't-1' },
};

/** An event of another stack, as its SDK builds it. */
export function foreignEvent(): CloudEventV1<{ customerId: string }> {
  return new CloudEvent({
    id: 'e-9',
    type: 'crm.customer-updated',
    source: 'https://crm.example.com',
    time: '2026-03-04T05:06:07.089Z',
    datacontenttype: 'application/json',
    partitionkey: 'c-9',
    tenant: 'acme',
    data: { customerId: 'c-9' },
  });
}

/** What the toolkit must read from `foreignEvent()`. */
export function expectForeignEventRead(read: TransportMessage): void {
  expect(read).toMatchObject({ id: 'e-9', type: 'crm.customer-updated', key: 'c-9' });
  expect(read.timestamp).toBe(Date.parse('2026-03-04T05:06:07.089Z'));
  expect(read.headers).toMatchObject({ 'source-service': 'https://crm.example.com', tenant: 'acme' });
  expect(JSON.parse(new TextDecoder().decode(read.body))).toEqual({ customerId: 'c-9' });
}
