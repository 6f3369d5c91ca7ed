import { describe, expect, it } from 'vitest';
import { fromServiceBusMessage, toServiceBusMessage } from '../src/message-codec.js';
import { envelope } from './transport-fixture.js';

describe('message mapping', () => {
  it('round-trips every envelope field through a Service Bus message', () => {
    const original = envelope({
      key: 'ключ-🔑',
      headers: { 'x-empty': '', 'content-type': 'application/json' },
    });
    const native = toServiceBusMessage(original, 'orders');
    const back = fromServiceBusMessage({ ...native, lockToken: 't', deliveryCount: 0 }, 'orders');
    expect(back).toEqual({ ...original, mandatory: undefined, body: original.body });
    expect(back.headers).toEqual(original.headers);
    expect(native.contentType).toBe('application/json');
  });

  it('maps messages of foreign producers: subject is the type, JSON bodies are re-encoded', () => {
    const received = fromServiceBusMessage(
      {
        body: { hello: 'world' },
        subject: 'legacy.event',
        messageId: 42,
        applicationProperties: { n: 1, on: true },
      },
      'legacy',
    );
    expect(received).toMatchObject({
      id: '42',
      type: 'legacy.event',
      topic: 'legacy',
      headers: { n: '1', on: 'true' },
    });
    expect(new TextDecoder().decode(received.body)).toBe('{"hello":"world"}');
  });
});
