import { expect } from 'vitest';
import { PublishError } from '../../../errors.js';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aSendToATopicThatDoesNotExistIsRefusedNamingTheTopic: ConformanceSituation = {
  title: 'a send to a topic that was never provisioned is refused with a PublishError naming the topic',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const missing = f.rawMessage(
      { topic: f.name('no-such-topic'), type: 'conf.missing' },
      { mandatory: false },
    );
    const refused = transport.send([missing]);
    await expect(refused).rejects.toBeInstanceOf(PublishError);
    await expect(refused).rejects.toThrow(missing.topic);
    // Refusing did not create it: a second send is refused the same way.
    await expect(transport.send([missing])).rejects.toThrow(missing.topic);
  },
};
