import { expect } from 'vitest';
import { Headers } from '../../../contracts/headers.js';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aMessageArrivesWithItsBodyAndEveryHeaderIntact: ConformanceSituation = {
  title:
    'a published message arrives with its body, id, key, correlation and every header intact (unicode included)',
  level: 'bus',
  async run(f) {
    const contract = f.contract('round-trip');
    await f.bus('consumer', (bus) => bus.endpoint(f.name('rt')).on(contract, f.recorder('consumer')));
    const producer = await f.bus('producer', () => {}, { publishes: [contract] });

    const unicode = f.sample(1, 'ключ-🔑', 'Zażółć gęślą jaźń — 日本語 — emoji 🎫 — "quotes" \\ \n newline');
    await producer.publish(contract, unicode, {
      id: 'fixed-id-1',
      headers: { 'x-tenant': 'ąę-tenant', 'x-empty': '' },
      correlationId: 'corr-42',
    });
    await f.until(() => f.received.length === 1, 'the message arrives');

    const [first] = f.received;
    expect(first!.message).toEqual(unicode);
    expect(first!.context.messageId).toBe('fixed-id-1');
    expect(first!.context.type).toBe(contract.type);
    expect(first!.context.topic).toBe(contract.topic);
    expect(first!.context.key).toBe('ключ-🔑');
    expect(first!.context.attempt).toBe(1);
    expect(first!.context.correlationId).toBe('corr-42');
    expect(first!.context.headers).toMatchObject({
      'x-tenant': 'ąę-tenant',
      'x-empty': '',
      [Headers.correlationId]: 'corr-42',
      [Headers.sourceService]: producer.service,
      [Headers.contentType]: 'application/json',
    });
  },
};
