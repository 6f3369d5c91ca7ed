import { CloudEvent, HTTP } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  cloudEventOf,
  createInMemoryTransport,
  createMessaging,
  DecodeError,
  decodeStructuredCloudEvent,
  defineMessage,
  encodeStructuredCloudEvent,
  type HandlerContext,
  messageOfCloudEvent,
  type TransportMessage,
  type WireFormat,
} from '../../src/index.js';

const encoder = new TextEncoder();
const message: TransportMessage = {
  id: 'm-1',
  type: 'tickets.ticket-created',
  topic: 'tickets',
  key: 't-1',
  headers: {
    'content-type': 'application/json',
    'source-service': 'helpdesk',
    'correlation-id': 'c-1',
    'pm-wire-format': 'cloudevents-structured',
  },
  body: encoder.encode('{"ticketId":"t-1"}'),
  timestamp: Date.parse('2026-12-01T10:11:12.345Z'),
};

describe('the envelope as CloudEvents attributes', () => {
  it('maps id, type, source, time, data content type and key; other headers stay headers', () => {
    const { attributes, headers } = cloudEventOf(message);
    expect(attributes).toEqual({
      specversion: '1.0',
      id: 'm-1',
      type: 'tickets.ticket-created',
      source: 'helpdesk',
      time: '2026-12-01T10:11:12.345Z',
      datacontenttype: 'application/json',
      partitionkey: 't-1',
    });
    expect(headers).toEqual({ 'correlation-id': 'c-1' });
    // The SDK accepts them as a valid event.
    expect(new CloudEvent({ ...attributes, data: { ticketId: 't-1' } }).validate()).toBe(true);
  });

  it('and back, exactly; unknown extension attributes become headers', () => {
    const { attributes, headers } = cloudEventOf(message);
    const back = messageOfCloudEvent(
      { ...attributes, tenant: 'acme' },
      { format: 'cloudevents-structured', topic: 'tickets', body: message.body, headers },
    );
    expect(back).toEqual({ ...message, headers: { ...message.headers, tenant: 'acme' } });
  });
});

describe('the JSON event format (structured mode)', () => {
  it('embeds JSON data as JSON, which the SDK reads back', () => {
    const { attributes } = cloudEventOf(message);
    const bytes = encodeStructuredCloudEvent(attributes, message.body);
    const event = HTTP.toEvent({
      headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
      body: new TextDecoder().decode(bytes),
    }) as CloudEvent<unknown>;
    expect(event.data).toEqual({ ticketId: 't-1' });
    expect(event.id).toBe('m-1');
    expect(decodeStructuredCloudEvent(bytes).body).toEqual(message.body);
  });

  it('carries other data as data_base64, byte for byte', () => {
    const body = new Uint8Array([0, 255, 1, 2]);
    const { attributes } = cloudEventOf({
      ...message,
      body,
      headers: { ...message.headers, 'content-type': 'application/octet-stream' },
    });
    const event = JSON.parse(new TextDecoder().decode(encodeStructuredCloudEvent(attributes, body)));
    expect(event.data_base64).toBe('AP8BAg==');
    expect(decodeStructuredCloudEvent(encoder.encode(JSON.stringify(event))).body).toEqual(body);
  });

  it('refuses a body that is not a JSON object with a DecodeError', () => {
    expect(() => decodeStructuredCloudEvent(encoder.encode('not json'))).toThrow(DecodeError);
    expect(() => decodeStructuredCloudEvent(encoder.encode('[1]'))).toThrow(DecodeError);
  });
});

describe('choosing the wire format', () => {
  const Created = defineMessage({
    type: 'tickets.ticket-created',
    topic: 'tickets',
    schema: z.object({ ticketId: z.string() }),
  });
  const Closed = defineMessage({
    type: 'tickets.ticket-closed',
    topic: 'tickets',
    schema: z.object({ ticketId: z.string() }),
    wireFormat: 'cloudevents-structured',
  });

  async function formatsOf(busFormat: WireFormat | undefined): Promise<Record<string, string | undefined>> {
    const seen: Record<string, string | undefined> = {};
    const record = async (_message: unknown, context: HandlerContext) => {
      seen[context.type] = context.headers['pm-wire-format'];
    };
    const bus = createMessaging({
      service: 'helpdesk',
      transport: createInMemoryTransport(),
      ...(busFormat ? { wireFormat: busFormat } : {}),
    });
    bus.endpoint('inbox').on(Created, record).on(Closed, record);
    await bus.start();
    await bus.publish(Created, { ticketId: 't-1' });
    await bus.publish(Closed, { ticketId: 't-1' });
    await bus.stop();
    return seen;
  }

  it('is the native envelope by default; a contract may choose CloudEvents', async () => {
    expect(await formatsOf(undefined)).toEqual({
      'tickets.ticket-created': undefined,
      'tickets.ticket-closed': 'cloudevents-structured',
    });
  });

  it('per bus, and the contract still wins', async () => {
    expect(await formatsOf('cloudevents-binary')).toEqual({
      'tickets.ticket-created': 'cloudevents-binary',
      'tickets.ticket-closed': 'cloudevents-structured',
    });
  });
});
