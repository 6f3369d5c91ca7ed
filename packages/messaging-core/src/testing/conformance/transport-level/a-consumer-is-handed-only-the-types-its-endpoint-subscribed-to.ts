import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aConsumerIsHandedOnlyTheTypesItsEndpointSubscribedTo: ConformanceSituation = {
  title: 'a consumer is handed only the types its endpoint subscribed to, not the others on the same topic',
  level: 'transport',
  skipReason: ({ capabilities }) =>
    capabilities.typeFiltering === 'broker'
      ? undefined
      : `capabilities.typeFiltering is '${capabilities.typeFiltering}': the broker hands over every type on a topic and core skips the others (the bus-level fan-out situation checks that)`,
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('filtered');
    const other = `${raw.type}.other`;
    await transport.provision({
      topics: [{ name: raw.topic, messageTypes: [raw.type, other] }],
      endpoints: [raw.endpoint],
    });
    await f.consume(transport, raw.endpoint, 'consumer');
    const unwanted = f.rawMessage({ topic: raw.topic, type: other }, { mandatory: false });
    const wanted = f.rawMessage(raw);
    // The unwanted one first: if the broker let it through, it would arrive before the wanted one.
    await transport.send([unwanted]);
    await transport.send([wanted]);
    await f.until(
      () => f.handed.some((entry) => entry.delivery.message.id === wanted.id),
      'the subscribed type arrives',
    );
    expect(f.handed.map((entry) => entry.delivery.message.type)).toEqual([raw.type]);
  },
};
