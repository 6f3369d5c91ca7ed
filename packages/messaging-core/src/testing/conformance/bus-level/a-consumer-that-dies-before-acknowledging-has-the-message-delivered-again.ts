import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aConsumerThatDiesBeforeAcknowledgingHasTheMessageDeliveredAgain: ConformanceSituation = {
  title: 'a consumer that dies before acknowledging has the message delivered again to another instance',
  level: 'bus',
  async run(f) {
    const contract = f.contract('crash');
    const endpoint = f.name('crashy');
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release!: () => void;
    const neverUntilReleased = new Promise<void>((resolve) => {
      release = resolve;
    });
    const doomed = await f.bus('doomed', (bus) =>
      bus.endpoint(endpoint, { concurrency: 1 }).on(contract, async () => {
        started();
        await neverUntilReleased;
      }),
    );
    const producer = await f.bus('producer', () => {}, { publishes: [contract] });
    const sent = f.sample(1);
    await producer.publish(contract, sent);
    await handlerStarted;

    // The process "dies": its connection goes away with the message unacknowledged (its ack cannot happen).
    f.expectSettlementFailures('doomed');
    await doomed.transport.close();
    try {
      await f.bus('survivor', (bus) =>
        bus.endpoint(endpoint, { concurrency: 1 }).on(contract, f.recorder('survivor')),
      );
      await f.until(() => f.receivedBy('survivor').length === 1, 'the survivor gets the message again');
      expect(f.receivedBy('survivor')[0]!.message).toEqual(sent);
    } finally {
      release();
    }
  },
};
