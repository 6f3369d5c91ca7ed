import type { Message } from 'amqplib';
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
import { decodeMessage, encodeMessage } from '../src/message-codec.js';

/** A delivery as amqplib hands it over: the published content and properties. */
function delivery(content: Buffer, properties: Record<string, unknown>): Message {
  return {
    content,
    fields: { deliveryTag: 1, redelivered: false, exchange: 'tickets', routingKey: 'x' },
    properties: { headers: {}, ...properties },
  } as unknown as Message;
}

describe('CloudEvents messages (AMQP binding) on RabbitMQ', () => {
  for (const format of ['cloudevents-binary', 'cloudevents-structured'] as const) {
    it(`${format}: the SDK decodes what the transport writes, and the transport reads it back exactly`, () => {
      const { content, options } = encodeMessage(envelopeIn(format));
      const event = sdkEventOfAmqp(options.headers ?? {}, options.contentType, content);
      expect(new CloudEvent({ ...event }).validate()).toBe(true);
      expect(event).toMatchObject(decodedEnvelope);
      // RabbitMQ's own properties stay set for its tools.
      expect(options).toMatchObject({ messageId: 'id-1', type: 'tickets.ticket-created', persistent: true });
      const back = decodeMessage(delivery(content, { ...options }));
      expect(back).toEqual({ ...envelopeIn(format), body: new Uint8Array(envelopeIn(format).body) });
    });
  }

  it('binary mode writes the cloudEvents_ prefix and the data content type as the content-type property', () => {
    const { options } = encodeMessage(envelopeIn('cloudevents-binary'));
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
    const event = foreignEvent();
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
      expectForeignEventRead(read);
    }
  });
});
