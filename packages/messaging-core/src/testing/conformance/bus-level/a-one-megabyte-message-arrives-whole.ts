import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

const ONE_MEGABYTE = 1024 * 1024;

export const aOneMegabyteMessageArrivesWhole: ConformanceSituation = {
  title: 'a one-megabyte message arrives whole',
  level: 'bus',
  skipReason: ({ capabilities }) =>
    capabilities.maxMessageBytes > ONE_MEGABYTE + 64 * 1024
      ? undefined
      : `capabilities.maxMessageBytes is ${capabilities.maxMessageBytes}: the broker takes no 1 MiB message`,
  async run(f) {
    const contract = f.contract('large');
    await f.bus('consumer', (bus) => bus.endpoint(f.name('large')).on(contract, f.recorder('consumer')));
    const producer = await f.bus('producer', () => {}, { publishes: [contract] });
    const large = f.sample(2, 'big', 'x'.repeat(ONE_MEGABYTE));
    await producer.publish(contract, large);
    await f.until(() => f.received.length === 1, 'the large message arrives');
    expect(f.received[0]!.message.text.length).toBe(ONE_MEGABYTE);
    expect(f.received[0]!.message).toEqual(large);
  },
};
