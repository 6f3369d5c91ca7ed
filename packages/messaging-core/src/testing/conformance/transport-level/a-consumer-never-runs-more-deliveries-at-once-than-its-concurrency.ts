import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

const CONCURRENCY = 2;
const TOTAL = 12;

export const aConsumerNeverRunsMoreDeliveriesAtOnceThanItsConcurrency: ConformanceSituation = {
  title: "a consumer never runs more deliveries at once than its endpoint's concurrency, and does use it",
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('bounded', { concurrency: CONCURRENCY, prefetch: CONCURRENCY * 2 });
    await transport.provision(raw.topology);
    let running = 0;
    let most = 0;
    let done = 0;
    await f.consume(transport, raw.endpoint, 'consumer', async (delivery) => {
      running++;
      most = Math.max(most, running);
      // A little work, so deliveries overlap whenever the transport lets them.
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      await delivery.ack();
      done++;
      f.changed();
    });
    await transport.send(Array.from({ length: TOTAL }, (_, seq) => f.rawMessage(raw, { key: `key-${seq}` })));
    await f.until(() => done === TOTAL, `all ${TOTAL} deliveries handled`);
    expect(most, 'deliveries running at once').toBe(CONCURRENCY);
  },
};
