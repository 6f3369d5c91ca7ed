import { expect } from 'vitest';
import { PublishError } from '../../../errors.js';
import type { ConformanceSituation } from '../conformance-situation.js';

export const strictTopicsRefuseATopicTheBusDidNotDeclareNamingTheFix: ConformanceSituation = {
  title: 'strictTopics refuses a topic the bus did not declare, even one that exists, naming the fix',
  level: 'bus',
  async run(f) {
    const theirs = f.contract('theirs', 'their-topic');
    await f.bus('consumer', (b) => b.endpoint(f.name('their-endpoint')).on(theirs, f.recorder('consumer')));
    const ours = { ...f.contract('ours', 'our-topic'), mandatory: false };
    const subscribed = f.contract('subscribed', 'subscribed-topic');
    const producer = await f.bus(
      'producer',
      (b) => b.endpoint(f.name('producer-endpoint')).on(subscribed, f.recorder('producer')),
      { publishes: [ours], strictTopics: true },
    );

    const refused = producer.publish(theirs, f.sample(1));
    await expect(refused).rejects.toBeInstanceOf(PublishError);
    await expect(refused).rejects.toThrow(
      new RegExp(`topic "${theirs.topic}" is not declared.*publishes`, 's'),
    );
    // Declared through `publishes` or through a subscription: accepted.
    await producer.publish(subscribed, f.sample(2));
    await f.until(() => f.receivedBy('producer').length === 1, 'the subscribed topic delivered');
    await expect(producer.publish(ours, f.sample(3))).resolves.toBeUndefined();
  },
};
