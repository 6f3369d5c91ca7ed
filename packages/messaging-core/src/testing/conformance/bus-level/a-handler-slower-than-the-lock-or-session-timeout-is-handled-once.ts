import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aHandlerSlowerThanTheLockOrSessionTimeoutIsHandledOnce: ConformanceSituation = {
  title: 'a handler slower than the lock or session timeout keeps its delivery: handled once, acknowledged',
  level: 'bus',
  skipReason: ({ options }) =>
    options.lockTimeoutMs === undefined
      ? 'the transport holds no lock or session that expires while a handler runs (ConformanceOptions.lockTimeoutMs is not set)'
      : undefined,
  async run(f) {
    const contract = f.contract('slow');
    const slowMs = Math.ceil(f.options.lockTimeoutMs! * 1.3);
    const runs: string[] = [];
    const bus = await f.bus(
      'consumer',
      (b) =>
        b.endpoint(f.name('slow'), { concurrency: 1 }).on(
          contract,
          f.recorder('consumer', async (message) => {
            runs.push(message.id);
            // The point of the situation: outlive the broker's lock, so nothing here can be an awaited event.
            if (message.seq === 1) await new Promise((resolve) => setTimeout(resolve, slowMs));
          }),
        ),
      { publishes: [contract] },
    );
    const slow = f.sample(1);
    await bus.publish(contract, slow);
    const sentinel = f.sample(2);
    await bus.publish(contract, sentinel);
    await f.until(
      () => f.received.some((entry) => entry.message.id === sentinel.id),
      `the slow message (${slowMs} ms) and a sentinel published after it are handled`,
    );
    expect(
      runs.filter((id) => id === slow.id),
      'runs of the slow message',
    ).toHaveLength(1);
    expect(f.received.filter((entry) => entry.message.id === slow.id)).toHaveLength(1);
    // The lock held: no failed attempt, and the ack was taken (a refused one fails the situation afterwards).
    expect(f.events.filter((event) => event.kind === 'failed')).toEqual([]);
  },
};
