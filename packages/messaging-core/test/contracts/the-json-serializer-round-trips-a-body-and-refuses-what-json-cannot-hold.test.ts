import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createInMemoryTransport,
  createMessaging,
  defineMessage,
  InMemoryBroker,
  jsonSerializer,
} from '../../src/index.js';

describe('the JSON serializer', () => {
  it('turns a body into UTF-8 JSON bytes that read back as the same body', () => {
    const body = { text: 'Zażółć gęślą jaźń — 日本語 🎫', count: 3, nested: { flag: true } };
    const bytes = jsonSerializer.serialize(body);
    expect(bytes).toBeInstanceOf(Uint8Array);
    // A view: the bytes are exactly the JSON text, wherever they sit in their buffer.
    expect(new TextDecoder().decode(bytes)).toBe(JSON.stringify(body));
    expect(jsonSerializer.deserialize(bytes, 'application/json')).toEqual(body);
  });

  it('refuses a body JSON has no text for, instead of sending an empty message', () => {
    expect(() => jsonSerializer.serialize(undefined)).toThrow(
      'Cannot serialize the message body as JSON: it is undefined',
    );
    expect(() => jsonSerializer.serialize(() => 1)).toThrow('it is function');
  });

  it('reads only JSON content types, and only valid UTF-8 JSON, each refusal a DecodeError naming why', () => {
    const json = new TextEncoder().encode('{"a":1}');
    expect(jsonSerializer.deserialize(json, undefined)).toEqual({ a: 1 });
    expect(jsonSerializer.deserialize(json, 'application/json; charset=utf-8')).toEqual({ a: 1 });
    expect(() => jsonSerializer.deserialize(json, 'text/plain')).toThrow(
      expect.objectContaining({
        name: 'DecodeError',
        message: 'Cannot decode content type "text/plain" as JSON',
      }),
    );
    expect(() => jsonSerializer.deserialize(new Uint8Array([0x22, 0xff, 0x22]), undefined)).toThrow(
      expect.objectContaining({
        name: 'DecodeError',
        message: expect.stringMatching(/^Body is not valid UTF-8 JSON/),
      }),
    );
    expect(() => jsonSerializer.deserialize(new TextEncoder().encode('{"a":'), undefined)).toThrow(
      expect.objectContaining({ name: 'DecodeError' }),
    );
  });

  it('makes such a publish reject with the reason, not throw', async () => {
    const Anything = defineMessage({ type: 'anything.happened', topic: 'anything', schema: z.any() });
    const messaging = createMessaging({
      service: 'serializer',
      transport: createInMemoryTransport({ broker: new InMemoryBroker() }),
      publishes: [Anything],
    });
    await messaging.start();
    try {
      const publishing = messaging.publish(Anything, undefined);
      await expect(publishing).rejects.toThrow('Cannot serialize the message body as JSON: it is undefined');
    } finally {
      await messaging.stop();
    }
  });
});
