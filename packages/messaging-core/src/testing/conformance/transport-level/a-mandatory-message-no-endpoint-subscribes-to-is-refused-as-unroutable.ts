import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aMandatoryMessageNoEndpointSubscribesToIsRefusedAsUnroutable: ConformanceSituation = {
  title: 'a mandatory message that no endpoint subscribes to is refused as unroutable',
  level: 'transport',
  skipReason: ({ capabilities }) =>
    capabilities.unroutableDetection
      ? undefined
      : 'capabilities.unroutableDetection is false: the broker accepts and drops a message no endpoint receives',
  async run(f) {
    const transport = await f.transport();
    const topic = f.name('lonely');
    await transport.provision({ topics: [{ name: topic, messageTypes: ['conf.lonely'] }], endpoints: [] });
    await expect(
      transport.send([f.rawMessage({ topic, type: 'conf.lonely' }, { mandatory: true })]),
    ).rejects.toThrow(/unroutable/i);
  },
};
