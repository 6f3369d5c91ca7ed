import type { TransportMessage } from '@pragmatic-messaging/core';
import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import { amqpOfSdkEvent, sdkEventOfAmqp } from '../../../scripts/test-support/cloudevents-sdk.js';
import { fromServiceBusMessage, toServiceBusMessage } from '../src/message-mapping.js';

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

describe('CloudEvents messages (AMQP binding) on Service Bus', () => {
  for (const format of ['cloudevents-binary', 'cloudevents-structured']) {
    it(`${format}: the SDK decodes what the transport writes, and the transport reads it back exactly`, () => {
      const sent = toServiceBusMessage(message(format), 'tickets');
      const event = sdkEventOfAmqp(sent.applicationProperties ?? {}, sent.contentType, sent.body as Buffer);
      expect(new CloudEvent({ ...event }).validate()).toBe(true);
      expect(event).toMatchObject({
        id: 'id-1',
        type: 'tickets.ticket-created',
        source: 'helpdesk',
        time: '2023-11-14T22:13:20.123Z',
        partitionkey: 't-1',
        data: { ticketId: 't-1' },
      });
      // Routing is unchanged: the subscriptions' rules match subject and `to`.
      expect(sent).toMatchObject({ messageId: 'id-1', subject: 'tickets.ticket-created', to: 'tickets' });
      const back = fromServiceBusMessage({ ...sent, lockToken: 't', deliveryCount: 0 }, 'tickets');
      expect(back).toEqual({ ...message(format), body: new Uint8Array(message(format).body) });
    });
  }

  it('reads SDK-encoded events of both modes, with an AMQP timestamp for time too', () => {
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
    const nativeTime = {
      ...binary,
      properties: { ...binary.properties, cloudEvents_time: new Date('2026-03-04T05:06:07.089Z') },
    };
    for (const amqp of [binary, amqpOfSdkEvent(event, 'structured'), nativeTime]) {
      const read = fromServiceBusMessage(
        {
          body: amqp.body,
          contentType: amqp.contentType,
          applicationProperties: amqp.properties,
          subject: event.type,
          lockToken: 't',
          deliveryCount: 0,
        },
        'crm',
      );
      expect(read).toMatchObject({ id: 'e-9', type: 'crm.customer-updated', key: 'c-9' });
      expect(read.timestamp).toBe(Date.parse('2026-03-04T05:06:07.089Z'));
      expect(read.headers['source-service']).toBe('https://crm.example.com');
      expect(JSON.parse(new TextDecoder().decode(read.body))).toEqual({ customerId: 'c-9' });
    }
  });
});
