import { expect } from 'vitest';
import type { Messaging } from '../../../bus/messaging.js';
import type { ConformanceSituation } from '../conformance-situation.js';

export const messagesWithOneKeyAreHandledInPublishOrderUnderConcurrency: ConformanceSituation = {
  title:
    'messages with one key are handled in publish order on an ordered endpoint (1 000 over 50 keys, concurrency 4)',
  level: 'bus',
  async run(f) {
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
  },
};
