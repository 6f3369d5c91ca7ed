import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

/** How long the first handling waits for the other instance to get a message (then the assertions say it did not). */
const WAIT_FOR_THE_OTHER_MS = 10_000;

export const instancesOfOneEndpointShareTheLoadAndHandleEachMessageOnce: ConformanceSituation = {
  title: 'instances of one endpoint compete: they share the load and each message is handled once',
  level: 'bus',
  async run(f) {
    const contract = f.contract('competing');
    const endpoint = f.name('workers');
    // The instance that gets the first message keeps it until the other instance got one: while one is busy, the
    // broker must hand the rest to the other. (A few milliseconds of work alone leave this to timing: on a loaded
    // machine one instance could drain the queue before the other's receiver is up.)
    let first: string | undefined;
    let otherGotOne!: () => void;
    const otherHandling = new Promise<void>((resolve) => {
      otherGotOne = resolve;
    });
    const work = (bus: string) => async () => {
      if (first === undefined) {
        first = bus;
        await Promise.race([
          otherHandling,
          new Promise((resolve) => setTimeout(resolve, WAIT_FOR_THE_OTHER_MS)),
        ]);
      } else if (bus !== first) {
        otherGotOne();
      }
      await new Promise<void>((resolve) => setTimeout(resolve, 10));
    };
    const options = f.endpointOptions({ concurrency: 1, prefetch: 1 });
    await f.bus('one', (bus) => bus.endpoint(endpoint, options).on(contract, f.recorder('one', work('one'))));
    await f.bus('two', (bus) => bus.endpoint(endpoint, options).on(contract, f.recorder('two', work('two'))));
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
