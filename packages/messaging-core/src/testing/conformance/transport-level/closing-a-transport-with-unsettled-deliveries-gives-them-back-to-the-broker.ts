import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const closingATransportWithUnsettledDeliveriesGivesThemBackToTheBroker: ConformanceSituation = {
  title:
    'closing a transport with unsettled deliveries does not wait for them and gives them back to the broker',
  level: 'transport',
  async run(f) {
    const raw = f.rawEndpoint('abandoned', { concurrency: 2, prefetch: 2 });
    const doomed = await f.transport();
    await doomed.provision(raw.topology);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // This handler never settles: its process is about to go away.
    await f.consume(doomed, raw.endpoint, 'doomed', () => gate);
    const sent = [f.rawMessage(raw, { key: 'a' }), f.rawMessage(raw, { key: 'b' })];
    await doomed.send(sent);
    try {
      await f.until(() => f.handedTo('doomed').length === 2, 'both messages are handed out and held');
      await doomed.close();
      expect(doomed.health().status).toBe('closed');
    } finally {
      release();
    }

    const survivor = await f.transport();
    await f.consume(survivor, raw.endpoint, 'survivor');
    await f.until(() => f.handedTo('survivor').length >= 2, 'both messages are handed out again');
    expect(new Set(f.handedTo('survivor').map((delivery) => delivery.message.id))).toEqual(
      new Set(sent.map((message) => message.id)),
    );
  },
};
