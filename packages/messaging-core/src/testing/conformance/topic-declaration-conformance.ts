import { expect, it } from 'vitest';
import { PublishError } from '../../errors.js';
import type { ConformanceFixture } from './conformance-fixture.js';

type Fixture = () => ConformanceFixture;

/**
 * One rule on every transport: a bus creates the topics it declares (`publishes`, its endpoints' subscriptions)
 * and no others, so a typo in a contract's topic fails instead of creating a topic nobody reads.
 */
export function topicDeclarationConformance(fixture: Fixture): void {
  it('topic declaration: publishing never creates a topic; a publish to one nobody declared fails, naming it', async () => {
    const f = fixture();
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
  });

  it('topic declaration: strictTopics refuses a topic the bus did not declare, even one that exists, naming the fix', async () => {
    const f = fixture();
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
  });
}
