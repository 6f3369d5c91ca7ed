import { expect } from 'vitest';
import type { Delivery } from '../../../transport/transport.js';
import type { ConformanceSituation } from '../conformance-situation.js';

/** A settlement after the first may resolve or reject; what matters is that it moves nothing. */
async function settleAgain(verb: () => Promise<void>): Promise<'resolved' | 'rejected'> {
  return verb().then(
    () => 'resolved',
    () => 'rejected',
  );
}

export const settlingADeliveryTwiceMovesTheMessageOnlyOnce: ConformanceSituation = {
  title:
    'settling a delivery a second time (ack, retry, dead letter or release) moves the message no further',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('twice', { retryDelays: [100], concurrency: 1, prefetch: 1 });
    await transport.provision(raw.topology);
    const outcomes: string[] = [];
    let settledAgain = false;
    await f.consume(transport, raw.endpoint, 'consumer', async (delivery: Delivery) => {
      await delivery.ack();
      if (settledAgain) return;
      const failure = f.failure(raw.endpoint.name);
      outcomes.push(await settleAgain(() => delivery.ack()));
      outcomes.push(await settleAgain(() => delivery.deadLetter(failure)));
      outcomes.push(await settleAgain(() => delivery.retryLater(100, failure)));
      outcomes.push(await settleAgain(() => delivery.release()));
      settledAgain = true;
      f.changed();
    });
    const first = f.rawMessage(raw);
    await transport.send([first]);
    await f.until(() => settledAgain, 'the delivery was settled again four ways');
    expect(outcomes).toHaveLength(4);

    // Had a second settlement moved the message, it would come back (retry, release) before a sentinel sent
    // after the retry's delay, or sit in the dead letters.
    await transport.send([f.rawMessage(raw)]);
    await f.until(() => f.handed.length >= 2, 'a sentinel sent afterwards arrives');
    expect(f.handed.map((entry) => entry.delivery.message.id)[0]).toBe(first.id);
    expect(f.handed.filter((entry) => entry.delivery.message.id === first.id)).toHaveLength(1);
    expect(await transport.deadLetters(raw.endpoint.name).list()).toEqual([]);
  },
};
