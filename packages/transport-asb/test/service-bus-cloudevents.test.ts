import { CloudEvent } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import {
  amqpOfSdkEvent,
  decodedEnvelope,
  envelopeIn,
  expectForeignEventRead,
  foreignEvent,
  sdkEventOfAmqp,
} from '../../../scripts/test-support/cloudevents-sdk.js';
import { fromServiceBusMessage, toServiceBusMessage } from '../src/message-codec.js';

describe('CloudEvents messages (AMQP binding) on Service Bus', () => {
  for (const format of ['cloudevents-binary', 'cloudevents-structured'] as const) {
    it(`${format}: the SDK decodes what the transport writes, and the transport reads it back exactly`, () => {
      const sent = toServiceBusMessage(envelopeIn(format), 'tickets');
      const event = sdkEventOfAmqp(sent.applicationProperties ?? {}, sent.contentType, sent.body as Buffer);
      expect(new CloudEvent({ ...event }).validate()).toBe(true);
      expect(event).toMatchObject(decodedEnvelope);
      // Routing is unchanged: the subscriptions' rules match subject and `to`.
      expect(sent).toMatchObject({ messageId: 'id-1', subject: 'tickets.ticket-created', to: 'tickets' });
      const back = fromServiceBusMessage({ ...sent, lockToken: 't', deliveryCount: 0 }, 'tickets');
      expect(back).toEqual({ ...envelopeIn(format), body: new Uint8Array(envelopeIn(format).body) });
    });
  }

  it('reads SDK-encoded events of both modes, with an AMQP timestamp for time too', () => {
    const event = foreignEvent();
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
      expectForeignEventRead(read);
    }
  });
});
