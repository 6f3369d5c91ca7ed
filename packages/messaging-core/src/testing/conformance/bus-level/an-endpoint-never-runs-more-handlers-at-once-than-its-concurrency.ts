import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

const CONCURRENCY = 3;
const TOTAL = 18;

export const anEndpointNeverRunsMoreHandlersAtOnceThanItsConcurrency: ConformanceSituation = {
  title: 'an endpoint never runs more handlers at once than its concurrency, and does use it',
  level: 'bus',
  async run(f) {
    const contract = f.contract('bounded');
    let running = 0;
    let most = 0;
    const bus = await f.bus(
      'consumer',
      (b) =>
        b.endpoint(f.name('bounded'), { concurrency: CONCURRENCY }).on(
          contract,
          f.recorder('consumer', async () => {
            running++;
            most = Math.max(most, running);
            // A little work, so handlers overlap whenever the bus lets them.
            await new Promise((resolve) => setTimeout(resolve, 20));
            running--;
          }),
        ),
      { publishes: [contract] },
    );
    await Promise.all(
      Array.from({ length: TOTAL }, (_, seq) => bus.publish(contract, f.sample(seq, `key-${seq}`))),
    );
    await f.until(() => f.received.length === TOTAL, `all ${TOTAL} handled`);
    expect(most, 'handlers running at once').toBe(CONCURRENCY);
  },
};
