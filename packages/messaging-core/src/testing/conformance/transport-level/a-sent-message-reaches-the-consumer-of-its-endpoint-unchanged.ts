import { expect } from 'vitest';
import { Headers } from '../../../contracts/headers.js';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aSentMessageReachesTheConsumerOfItsEndpointUnchanged: ConformanceSituation = {
  title: 'a sent message reaches the consumer of its endpoint unchanged, as a first delivery',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('unchanged');
    await transport.provision(raw.topology);
    await f.consume(transport, raw.endpoint, 'consumer');
    const sent = f.rawMessage(raw, {
      id: 'fixed-id-ß-1',
      key: 'ключ-🔑',
      headers: {
        [Headers.contentType]: 'application/json',
        [Headers.attempt]: '1',
        [Headers.correlationId]: 'corr-42',
        'x-tenant': 'ąę-tenant',
        'x-empty': '',
      },
      body: new TextEncoder().encode('{"text":"Zażółć gęślą jaźń — 日本語 🎫"}'),
      timestamp: Date.now() - 1_000,
    });
    await transport.send([sent]);
    await f.until(() => f.handed.length === 1, 'the message is handed to the consumer');

    const { delivery } = f.handed[0]!;
    const received = delivery.message;
    expect(received.id).toBe(sent.id);
    expect(received.type).toBe(sent.type);
    expect(received.topic).toBe(sent.topic);
    expect(received.key).toBe(sent.key);
    expect(received.timestamp).toBe(sent.timestamp);
    expect(received.headers).toMatchObject(sent.headers);
    expect(new TextDecoder().decode(received.body)).toBe(new TextDecoder().decode(sent.body));
    expect(delivery.attempt).toBe(1);
    expect(delivery.redelivered).toBe(false);
  },
};
