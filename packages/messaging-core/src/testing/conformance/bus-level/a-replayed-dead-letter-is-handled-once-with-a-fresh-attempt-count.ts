import { expect } from 'vitest';
import { Headers } from '../../../contracts/headers.js';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aReplayedDeadLetterIsHandledOnceWithAFreshAttemptCount: ConformanceSituation = {
  title: 'a dead letter replayed after the cause is fixed is handled once, with a fresh attempt count',
  level: 'bus',
  async run(f) {
    const contract = f.contract('replay');
    const endpoint = f.name('replaying');
    let failing = true;
    const bus = await f.bus(
      'consumer',
      (b) =>
        b.endpoint(endpoint, { concurrency: 1, retry: { immediate: 0, delays: [] } }).on(
          contract,
          f.recorder('consumer', () => {
            if (failing) throw new Error('boom: not yet');
          }),
        ),
      { publishes: [contract] },
    );
    const sent = f.sample(1);
    await bus.publish(contract, sent);
    await f.untilEvent((event) => event.kind === 'dead-lettered', 'the message is dead-lettered');

    failing = false;
    expect(await bus.deadLetters(endpoint).replay()).toBe(1);
    await f.until(() => f.receivedBy('consumer').length === 1, 'the replayed message is handled');
    const [replayed] = f.receivedBy('consumer');
    expect(replayed!.message).toEqual(sent);
    expect(replayed!.context.attempt).toBe(1);
    expect(replayed!.context.headers[Headers.replayCount]).toBe('1');
    expect(replayed!.context.headers[Headers.failureReason]).toBeUndefined();
    expect(await bus.deadLetters(endpoint).list()).toEqual([]);
  },
};
