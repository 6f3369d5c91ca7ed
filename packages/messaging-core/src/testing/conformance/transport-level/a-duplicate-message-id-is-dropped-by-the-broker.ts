import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aDuplicateMessageIdIsDroppedByTheBroker: ConformanceSituation = {
  title: 'a message sent twice with the same id is handed out once (native deduplication)',
  level: 'transport',
  skipReason: ({ capabilities }) =>
    capabilities.nativeDeduplication
      ? undefined
      : "capabilities.nativeDeduplication is false: duplicates are core's inbox's to drop",
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('deduplicated', { concurrency: 1, prefetch: 1 });
    await transport.provision(raw.topology);
    await f.consume(transport, raw.endpoint, 'consumer');
    const message = f.rawMessage(raw);
    await transport.send([message]);
    await transport.send([message]);
    const sentinel = f.rawMessage(raw);
    await transport.send([sentinel]);
    await f.until(
      () => f.handed.some((entry) => entry.delivery.message.id === sentinel.id),
      'a sentinel sent afterwards arrives',
    );
    expect(f.handed.map((entry) => entry.delivery.message.id)).toEqual([message.id, sentinel.id]);
  },
};
