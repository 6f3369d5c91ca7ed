import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aDeadLetteredDeliveryIsListedWithItsFailureAndCanBePurged: ConformanceSituation = {
  title:
    "a dead-lettered delivery is listed in its endpoint's dead letters with its failure, and can be purged",
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('dead');
    await transport.provision(raw.topology);
    let deadLettered = false;
    await f.consume(transport, raw.endpoint, 'consumer', async (delivery) => {
      await delivery.deadLetter(f.failure(raw.endpoint.name, 'boom: poisoned', 3));
      deadLettered = true;
      f.changed();
    });
    const sent = f.rawMessage(raw);
    await transport.send([sent]);
    await f.until(() => deadLettered, 'the delivery is dead-lettered');

    const deadLetters = transport.deadLetters(raw.endpoint.name);
    const [listed, ...others] = await deadLetters.list();
    expect(others).toEqual([]);
    expect(listed!.message.id).toBe(sent.id);
    expect(listed!.message.type).toBe(sent.type);
    expect(new TextDecoder().decode(listed!.message.body)).toBe('{}');
    expect(listed!.failure).toMatchObject({
      reason: 'Error',
      message: 'boom: poisoned',
      endpoint: raw.endpoint.name,
      attempts: 3,
    });
    expect(listed!.failure.stack).toContain('boom: poisoned');
    // Dead letters are not handed to the endpoint's consumer again.
    expect(f.handed).toHaveLength(1);

    expect(await deadLetters.purge()).toBe(1);
    expect(await deadLetters.list()).toEqual([]);
  },
};
