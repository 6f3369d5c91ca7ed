import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aMessageSentBeforeAnyoneConsumesWaitsInItsEndpoint: ConformanceSituation = {
  title: 'a message sent before anyone consumes waits in its provisioned endpoint for the first consumer',
  level: 'transport',
  async run(f) {
    const raw = f.rawEndpoint('waiting');
    const producer = await f.transport();
    await producer.provision(raw.topology);
    const sent = f.rawMessage(raw);
    await producer.send([sent]);

    // Another process, later: the endpoint held the message meanwhile.
    const consumer = await f.transport();
    await consumer.provision(raw.topology);
    await f.consume(consumer, raw.endpoint, 'late consumer');
    await f.until(() => f.handed.length === 1, 'the waiting message is handed to the late consumer');
    expect(f.handed[0]!.delivery.message.id).toBe(sent.id);
  },
};
