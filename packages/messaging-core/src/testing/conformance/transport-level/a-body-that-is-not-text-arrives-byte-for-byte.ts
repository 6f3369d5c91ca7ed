import { expect } from 'vitest';
import { Headers } from '../../../contracts/headers.js';
import type { ConformanceSituation } from '../conformance-situation.js';

/** Every byte value, invalid UTF-8 included: a transport must not decode, re-encode or trim a body. */
const everyByte = Uint8Array.from({ length: 512 }, (_, index) => (index * 7 + 0xff) % 256);

export const aBodyThatIsNotTextArrivesByteForByte: ConformanceSituation = {
  title: 'a body that is not text (every byte value, invalid UTF-8) arrives byte for byte',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('binary');
    await transport.provision(raw.topology);
    await f.consume(transport, raw.endpoint, 'consumer');
    await transport.send([
      f.rawMessage(raw, {
        body: everyByte,
        headers: { [Headers.contentType]: 'application/octet-stream', [Headers.attempt]: '1' },
      }),
      f.rawMessage(raw, { body: new Uint8Array(0) }),
    ]);
    await f.until(() => f.handed.length === 2, 'both messages are handed to the consumer');

    const bodies = f.handed.map((entry) => [...entry.delivery.message.body]);
    expect(bodies).toContainEqual([...everyByte]);
    expect(bodies).toContainEqual([]);
  },
};
