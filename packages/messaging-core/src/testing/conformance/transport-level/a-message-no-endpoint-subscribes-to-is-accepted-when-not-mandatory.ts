import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aMessageNoEndpointSubscribesToIsAcceptedWhenNotMandatory: ConformanceSituation = {
  title:
    'a message that no endpoint subscribes to is accepted when it is not mandatory (fire-and-forget signals)',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const topic = f.name('signals');
    await transport.provision({ topics: [{ name: topic, messageTypes: ['conf.signal'] }], endpoints: [] });
    await expect(
      transport.send([f.rawMessage({ topic, type: 'conf.signal' }, { mandatory: false })]),
    ).resolves.toBeUndefined();
  },
};
