import { expect, it } from 'vitest';
import type { Messaging } from '../../bus/messaging.js';
import { Headers } from '../../contracts/headers.js';
import type { ConformanceFixture } from './conformance-fixture.js';

type Fixture = () => ConformanceFixture;

/** Items 1–4: what arrives, where, how often and in which order. */
export function deliveryConformance(fixture: Fixture): void {
  it('1. round trip: body and every header intact, unicode and 1 MB bodies', async () => {
    const f = fixture();
    const contract = f.contract('round-trip');
    await f.bus('consumer', (bus) => bus.endpoint(f.name('rt')).on(contract, f.recorder('consumer')));
    const producer = await f.bus('producer', () => {}, { publishes: [contract] });

    const unicode = f.sample(1, 'ключ-🔑', 'Zażółć gęślą jaźń — 日本語 — emoji 🎫 — "quotes" \\ \n newline');
    const large = f.sample(2, 'big', 'x'.repeat(1024 * 1024));
    await producer.publish(contract, unicode, {
      id: 'fixed-id-1',
      headers: { 'x-tenant': 'ąę-tenant', 'x-empty': '' },
      correlationId: 'corr-42',
    });
    await producer.publish(contract, large);
    await f.until(() => f.received.length === 2, 'both messages arrive');

    const first = f.received.find((entry) => entry.message.seq === 1)!;
    expect(first.message).toEqual(unicode);
    expect(first.context.messageId).toBe('fixed-id-1');
    expect(first.context.type).toBe(contract.type);
    expect(first.context.topic).toBe(contract.topic);
    expect(first.context.key).toBe('ключ-🔑');
    expect(first.context.attempt).toBe(1);
    expect(first.context.correlationId).toBe('corr-42');
    expect(first.context.headers).toMatchObject({
      'x-tenant': 'ąę-tenant',
      'x-empty': '',
      [Headers.correlationId]: 'corr-42',
      [Headers.sourceService]: producer.service,
      [Headers.contentType]: 'application/json',
    });
    const second = f.received.find((entry) => entry.message.seq === 2)!;
    expect(second.message.text.length).toBe(1024 * 1024);
    expect(second.message).toEqual(large);
  });

  it('2. fan-out to every subscribed endpoint; an endpoint gets only the types it subscribed to', async () => {
    const f = fixture();
    const shared = f.contract('shared');
    const other = f.contract('other');
    await f.bus('a', (bus) => bus.endpoint(f.name('a')).on(shared, f.recorder('a')));
    await f.bus('b', (bus) => bus.endpoint(f.name('b')).on(shared, f.recorder('b')));
    await f.bus('c', (bus) => bus.endpoint(f.name('c')).on(other, f.recorder('c')));
    const producer = await f.bus('producer', () => {}, { publishes: [shared, other] });

    await producer.publish(shared, f.sample(1));
    await producer.publish(other, f.sample(2));
    await f.until(
      () =>
        f.receivedBy('a').length === 1 && f.receivedBy('b').length === 1 && f.receivedBy('c').length === 1,
      'a and b get the shared type, c gets the other type',
    );
    expect(f.receivedBy('a')[0]!.context.type).toBe(shared.type);
    expect(f.receivedBy('b')[0]!.context.type).toBe(shared.type);
    expect(f.receivedBy('c')[0]!.context.type).toBe(other.type);
    expect(f.events.filter((event) => event.kind === 'dead-lettered')).toEqual([]);
  });

  it('3. competing consumers share the load and handle each message once', async () => {
    const f = fixture();
    const contract = f.contract('competing');
    const endpoint = f.name('workers');
    // A little work per message makes both instances busy, so the broker has to spread the load.
    const work = () => new Promise<void>((resolve) => setTimeout(resolve, 10));
    const options = f.endpointOptions({ concurrency: 1, prefetch: 1 });
    await f.bus('one', (bus) => bus.endpoint(endpoint, options).on(contract, f.recorder('one', work)));
    await f.bus('two', (bus) => bus.endpoint(endpoint, options).on(contract, f.recorder('two', work)));
    const producer = await f.bus('producer', () => {}, { publishes: [contract] });

    const total = 60;
    await Promise.all(
      Array.from({ length: total }, (_, seq) => producer.publish(contract, f.sample(seq, `key-${seq}`))),
    );
    await f.until(() => f.received.length >= total, `${total} messages handled`);
    const ids = f.received.map((entry) => entry.message.id);
    expect(new Set(ids).size).toBe(total);
    expect(ids.length).toBe(total);
    expect(f.receivedBy('one').length).toBeGreaterThan(0);
    expect(f.receivedBy('two').length).toBeGreaterThan(0);
  });

  it('4. per-key order: 1 000 messages over 50 keys arrive in key order under concurrency', async () => {
    const f = fixture();
    const contract = f.contract('ordered');
    const endpoint = f.name('ordered');
    // Varying work time tempts an unordered consumer to finish messages out of order.
    const handler = f.recorder(
      'consumer',
      (message) => new Promise((resolve) => setTimeout(resolve, message.seq % 3)),
    );
    const configure = (bus: Messaging) =>
      bus.endpoint(endpoint, { partitions: 4, concurrency: 4 }).on(contract, handler);
    // Create the endpoint, then build a backlog with no consumer: the consumer then starts with every key's
    // messages queued together, so handling two of one key at once would be possible — and must not happen.
    const provisioner = await f.bus('provisioner', configure);
    await provisioner.stop();
    const producer = await f.bus('producer', () => {}, { publishes: [contract] });
    const keys = Array.from({ length: 50 }, (_, index) => `ticket-${index}`);
    // One key after the other, so each key's messages sit next to each other in the backlog.
    for (const key of keys) {
      for (let seq = 0; seq < 20; seq++) await producer.publish(contract, f.sample(seq, key));
    }
    await f.bus('consumer', configure);
    await f.until(() => f.received.length >= 1000, '1 000 messages handled');
    expect(f.received.length).toBe(1000);
    for (const key of keys) {
      const sequence = f.received
        .filter((entry) => entry.message.key === key)
        .map((entry) => entry.message.seq);
      expect(sequence, `order of ${key}`).toEqual(Array.from({ length: 20 }, (_, seq) => seq));
    }
  });
}
