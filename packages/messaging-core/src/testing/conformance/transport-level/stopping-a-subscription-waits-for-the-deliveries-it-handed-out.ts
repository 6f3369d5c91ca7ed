import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const stoppingASubscriptionWaitsForTheDeliveriesItHandedOut: ConformanceSituation = {
  title: 'stopping a subscription waits for the deliveries it handed out to settle, then hands out no more',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('stopping', { concurrency: 1, prefetch: 1 });
    await transport.provision(raw.topology);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let acked = false;
    const subscription = await f.consume(transport, raw.endpoint, 'stopped', async (delivery) => {
      await gate;
      await delivery.ack();
      acked = true;
    });
    const first = f.rawMessage(raw);
    await transport.send([first]);
    await f.until(() => f.handed.length === 1, 'the first message is being handled');

    let stopped = false;
    const stopping = subscription.stop().then(() => {
      stopped = true;
    });
    try {
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(stopped, 'stop() waits for the running delivery').toBe(false);
    } finally {
      release();
    }
    await stopping;
    expect(acked, 'the running delivery settled before stop() resolved').toBe(true);

    const second = f.rawMessage(raw);
    await transport.send([second]);
    await f.consume(transport, raw.endpoint, 'successor');
    await f.until(() => f.handedTo('successor').length === 1, 'the next message goes to the next consumer');
    expect(f.handedTo('stopped').map((delivery) => delivery.message.id)).toEqual([first.id]);
    expect(f.handedTo('successor')[0]!.message.id).toBe(second.id);
  },
};
