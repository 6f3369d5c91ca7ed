import { expect } from 'vitest';
import { PublishError } from '../../../errors.js';
import type { ConformanceSituation } from '../conformance-situation.js';

// Building a message over a larger limit would cost the run more memory and time than the situation is worth.
const LARGEST_LIMIT_TESTED = 32 * 1024 * 1024;

export const aMessageOverTheBrokersSizeLimitIsRefusedAndNothingIsSent: ConformanceSituation = {
  title:
    "a message over the broker's size limit is refused with a PublishError naming the limit; nothing arrives",
  level: 'bus',
  skipReason: ({ capabilities }) =>
    capabilities.maxMessageBytes <= LARGEST_LIMIT_TESTED
      ? undefined
      : `capabilities.maxMessageBytes is ${capabilities.maxMessageBytes}, more than the ${LARGEST_LIMIT_TESTED} bytes the suite builds (configure a lower maxMessageBytes to run it)`,
  async run(f) {
    const contract = f.contract('oversized');
    const bus = await f.bus(
      'consumer',
      (b) => b.endpoint(f.name('oversized')).on(contract, f.recorder('consumer')),
      { publishes: [contract] },
    );
    const limit = bus.transport.capabilities.maxMessageBytes;
    const refused = bus.publish(contract, f.sample(1, 'k', 'x'.repeat(limit)));
    await expect(refused).rejects.toBeInstanceOf(PublishError);
    await expect(refused).rejects.toThrow(String(limit));

    const sentinel = f.sample(2);
    await bus.publish(contract, sentinel);
    await f.until(() => f.received.length >= 1, 'a sentinel published afterwards arrives');
    expect(f.received.map((entry) => entry.message.id)).toEqual([sentinel.id]);
    // A refusal of one message for what it is says nothing about the broker: the bus stays healthy.
    expect(bus.health().transport.status).toBe('connected');
  },
};
