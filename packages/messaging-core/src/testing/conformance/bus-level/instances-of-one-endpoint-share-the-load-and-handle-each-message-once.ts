import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const instancesOfOneEndpointShareTheLoadAndHandleEachMessageOnce: ConformanceSituation = {
  title: 'instances of one endpoint compete: they share the load and each message is handled once',
  level: 'bus',
  async run(f) {
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
  },
};
