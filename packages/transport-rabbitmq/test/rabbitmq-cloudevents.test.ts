import type { TransportMessage } from '@pragmatic-messaging/core';
import type { Message } from 'amqplib';
import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { amqpOfSdkEvent, sdkEventOfAmqp } from '../../../scripts/test-support/cloudevents-sdk.js';
import { decodeMessage, encodeMessage } from '../src/message-codec.js';

const message = (format: string): TransportMessage => ({
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
});

/** A delivery as amqplib hands it over: the published content and properties. */
function delivery(content: Buffer, properties: Record<string, unknown>): Message {
  return {
    content,
    fields: { deliveryTag: 1, redelivered: false, exchange: 'tickets', routingKey: 'x' },
    properties: { headers: {}, ...properties },
  } as unknown as Message;
}

describe('CloudEvents messages (AMQP binding) on RabbitMQ', () => {
  for (const format of ['cloudevents-binary', 'cloudevents-structured']) {
    it(`${format}: the SDK decodes what the transport writes, and the transport reads it back exactly`, () => {
      const { content, options } = encodeMessage(message(format));
      const event = sdkEventOfAmqp(options.headers ?? {}, options.contentType, content);
      expect(new CloudEvent({ ...event }).validate()).toBe(true);
      expect(event).toMatchObject({
        id: 'id-1',
        type: 'tickets.ticket-created',
        source: 'helpdesk',
        time: '2023-11-14T22:13:20.123Z',
        partitionkey: 't-1',
        data: { ticketId: 't-1' },
      });
      // RabbitMQ's own properties stay set for its tools.
      expect(options).toMatchObject({ messageId: 'id-1', type: 'tickets.ticket-created', persistent: true });
      const back = decodeMessage(delivery(content, { ...options }));
      expect(back).toEqual({ ...message(format), body: new Uint8Array(message(format).body) });
    });
  }

  it('binary mode writes the cloudEvents_ prefix and the data content type as the content-type property', () => {
    const { options } = encodeMessage(message('cloudevents-binary'));
    expect(options.contentType).toBe('application/json');
    expect(options.headers).toMatchObject({
      cloudEvents_specversion: '1.0',
      cloudEvents_id: 'id-1',
      cloudEvents_source: 'helpdesk',
      'correlation-id': 'c-1',
    });
    expect(options.headers).not.toHaveProperty('pm-timestamp');
  });

  it("reads SDK-encoded events of both modes, and the binding's other separator (cloudEvents:)", () => {
    const event = new CloudEvent({
      id: 'e-9',
      type: 'crm.customer-updated',
      source: 'https://crm.example.com',
      time: '2026-03-04T05:06:07.089Z',
      datacontenttype: 'application/json',
      partitionkey: 'c-9',
      data: { customerId: 'c-9' },
    });
    const binary = amqpOfSdkEvent(event, 'binary');
    const colon = Object.fromEntries(
      Object.entries(binary.properties).map(([name, value]) => [
        name.replace('cloudEvents_', 'cloudEvents:'),
        value,
      ]),
    );
    for (const amqp of [binary, amqpOfSdkEvent(event, 'structured'), { ...binary, properties: colon }]) {
      const read = decodeMessage(
        delivery(amqp.body, { contentType: amqp.contentType, headers: amqp.properties }),
      );
      expect(read).toMatchObject({ id: 'e-9', type: 'crm.customer-updated', key: 'c-9' });
      expect(read.timestamp).toBe(Date.parse('2026-03-04T05:06:07.089Z'));
      expect(read.headers['source-service']).toBe('https://crm.example.com');
      expect(JSON.parse(new TextDecoder().decode(read.body))).toEqual({ customerId: 'c-9' });
    }
  });
});
