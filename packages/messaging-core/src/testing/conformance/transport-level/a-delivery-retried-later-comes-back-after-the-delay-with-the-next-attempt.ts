import { expect } from 'vitest';
import { Headers } from '../../../contracts/headers.js';
import type { ConformanceSituation } from '../conformance-situation.js';

const DELAY_MS = 300;

export const aDeliveryRetriedLaterComesBackAfterTheDelayWithTheNextAttempt: ConformanceSituation = {
  title: 'a delivery retried later comes back to its endpoint after the delay, with the next attempt number',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    // Transports with retryDelaysProvisioned create one resource per delay: the delay is part of the topology.
    const raw = f.rawEndpoint('retried', { retryDelays: [DELAY_MS] });
    await transport.provision(raw.topology);
    await f.consume(transport, raw.endpoint, 'consumer', async (delivery) => {
      if (delivery.attempt > 1) return delivery.ack();
      return delivery.retryLater(DELAY_MS, f.failure(raw.endpoint.name));
    });
    const sent = f.rawMessage(raw);
    await transport.send([sent]);
    await f.until(() => f.handed.length === 2, 'the retried message comes back');

    const [first, second] = f.handed;
    expect(second!.delivery.message.id).toBe(sent.id);
    expect(second!.delivery.message.body).toEqual(sent.body);
    expect([first!.delivery.attempt, second!.delivery.attempt]).toEqual([1, 2]);
    expect(second!.delivery.message.headers[Headers.attempt]).toBe('2');
    const early = f.options.earlyDelayToleranceMs ?? 50;
    const late = f.options.lateDelayToleranceMs ?? 5_000;
    const gap = second!.at - first!.at;
    expect(gap, 'gap before the retry').toBeGreaterThanOrEqual(DELAY_MS - early);
    expect(gap, 'gap before the retry').toBeLessThanOrEqual(DELAY_MS + late);
  },
};
