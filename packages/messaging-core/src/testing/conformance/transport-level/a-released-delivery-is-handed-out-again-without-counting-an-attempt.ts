import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aReleasedDeliveryIsHandedOutAgainWithoutCountingAnAttempt: ConformanceSituation = {
  title: 'a released delivery is handed out again at once, flagged redelivered, without counting an attempt',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('released');
    await transport.provision(raw.topology);
    let releases = 0;
    await f.consume(transport, raw.endpoint, 'consumer', async (delivery) => {
      if (releases++ === 0) return delivery.release();
      return delivery.ack();
    });
    const sent = f.rawMessage(raw);
    await transport.send([sent]);
    await f.until(() => f.handed.length === 2, 'the released message is handed out a second time');

    const [first, second] = f.handed.map((entry) => entry.delivery);
    expect(second!.message.id).toBe(sent.id);
    expect([first!.attempt, second!.attempt]).toEqual([1, 1]);
    expect(first!.redelivered).toBe(false);
    expect(second!.redelivered, 'the broker knows it handed this message out before').toBe(true);
  },
};
