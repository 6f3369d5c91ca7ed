import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const provisioningATopologyAgainKeepsQueuedMessagesAndBindings: ConformanceSituation = {
  title: "provisioning a bus's topology again (twice) keeps the messages queued and the bindings",
  level: 'bus',
  async run(f) {
    const contract = f.contract('idempotent');
    const endpoint = f.name('idempotent');
    const first = await f.bus('first', (bus) => bus.endpoint(endpoint).on(contract, f.recorder('first')));
    const topology = first.topology();
    await first.stop();

    const producer = await f.bus('producer', () => {}, { publishes: [contract] });
    await producer.publish(contract, f.sample(1, 'k', 'waiting in the queue'));
    const transport = await f.transport();
    await transport.provision(topology);
    await transport.provision(topology);
    await transport.close();
    await f.bus('second', (bus) => bus.endpoint(endpoint).on(contract, f.recorder('second')));
    await producer.publish(contract, f.sample(2, 'k', 'after re-provisioning'));
    await f.until(() => f.receivedBy('second').length === 2, 'both messages are handled');
    expect(
      f
        .receivedBy('second')
        .map((entry) => entry.message.seq)
        .sort(),
    ).toEqual([1, 2]);
  },
};
