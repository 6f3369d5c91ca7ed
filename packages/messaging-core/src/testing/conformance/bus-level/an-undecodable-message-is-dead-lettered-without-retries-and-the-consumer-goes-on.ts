import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';
import { poisonMessage } from '../poison-message.js';

export const anUndecodableMessageIsDeadLetteredWithoutRetriesAndTheConsumerGoesOn: ConformanceSituation = {
  title: 'an undecodable message is dead-lettered at once, without retries, and the consumer goes on',
  level: 'bus',
  async run(f) {
    const contract = f.contract('undecodable');
    const endpoint = f.name('undecodable');
    const bus = await f.bus(
      'consumer',
      (b) =>
        b.endpoint(endpoint, { retry: { immediate: 3, delays: [100] } }).on(contract, f.recorder('consumer')),
      { publishes: [contract] },
    );
    await bus.transport.send([poisonMessage(contract, 'not-json', '{"id": oops')]);
    await bus.publish(contract, f.sample(2));
    await f.until(
      () => f.received.length === 1 && f.events.some((event) => event.kind === 'dead-lettered'),
      'the undecodable message dead-lettered and the good one handled',
    );
    const [deadLetter, ...others] = await bus.deadLetters(endpoint).list();
    expect(others).toEqual([]);
    expect(deadLetter!.message.id).toBe('not-json');
    expect(deadLetter!.failure.reason).toBe('DECODE_FAILED');
    expect(f.events.filter((event) => event.kind === 'failed')).toHaveLength(1);
    expect(f.events.filter((event) => event.kind === 'retry-scheduled')).toEqual([]);
  },
};
