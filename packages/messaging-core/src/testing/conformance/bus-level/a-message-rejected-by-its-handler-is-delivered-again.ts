import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aMessageRejectedByItsHandlerIsDeliveredAgain: ConformanceSituation = {
  title: 'a message rejected by its handler is delivered again, and handled once it succeeds',
  level: 'bus',
  async run(f) {
    const contract = f.contract('rejected');
    let failures = 0;
    const bus = await f.bus(
      'consumer',
      (b) =>
        b.endpoint(f.name('rejecting'), { retry: { immediate: 2, delays: [] } }).on(
          contract,
          f.recorder('consumer', () => {
            if (failures++ < 2) throw new Error('transient: try again');
          }),
        ),
      { publishes: [contract] },
    );
    const sent = f.sample(1);
    await bus.publish(contract, sent);
    await f.until(() => f.received.length === 1, 'the message is handled on its third try');
    expect(f.received[0]!.message).toEqual(sent);
    expect(failures).toBe(3);
    expect(f.events.filter((event) => event.kind === 'failed')).toHaveLength(2);
    expect(f.events.filter((event) => event.kind === 'dead-lettered')).toEqual([]);
  },
};
