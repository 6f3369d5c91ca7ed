import { expect } from 'vitest';
import { PublishError } from '../../../errors.js';
import type { ConformanceSituation } from '../conformance-situation.js';

/**
 * A bus creates the topics it declares (`publishes`, its endpoints' subscriptions) and no others, so a typo in a
 * contract's topic fails instead of creating a topic nobody reads.
 */
export const publishingNeverCreatesATopicAndAPublishToAnUndeclaredOneFails: ConformanceSituation = {
  title: 'publishing never creates a topic: a publish to one nobody declared fails, naming it',
  level: 'bus',
  async run(f) {
    // mandatory: false, so only a missing topic can refuse these (not "no endpoint is subscribed").
    const declared = { ...f.contract('declared', 'declared-topic'), mandatory: false };
    const typo = { ...f.contract('typo', 'no-such-topic'), mandatory: false };
    const bus = await f.bus('producer', () => {}, { publishes: [declared] });

    await expect(bus.publish(declared, f.sample(1))).resolves.toBeUndefined();
    const refused = bus.publish(typo, f.sample(2));
    await expect(refused).rejects.toBeInstanceOf(PublishError);
    await expect(refused).rejects.toThrow(typo.topic);
    // Still refused: the failed publish did not create the topic either.
    await expect(bus.publish(typo, f.sample(3))).rejects.toThrow(typo.topic);
  },
};
