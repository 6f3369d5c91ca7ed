import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry, TransportMessage } from '../../src/index.js';
import { allStoreFactories } from './store-factories.js';

function message(id: string, key: string): TransportMessage {
  return {
    id,
    type: 'test.thing-happened',
    topic: 'things',
    key,
    headers: {},
    body: new TextEncoder().encode('{}'),
    timestamp: 1_700_000_000_000,
    mandatory: true,
  };
}

const idsOf = (entries: readonly OutboxEntry[]) => entries.map((entry) => entry.message.id);

// PGlite has one connection: a second round waits for the first instead of running beside it.
const concurrentStores = allStoreFactories().filter((factory) => factory.name !== 'pglite');

for (const factory of concurrentStores) {
  describe(`relay rounds side by side: ${factory.name}`, () => {
    beforeAll(() => factory.open());
    afterAll(() => factory.dispose());

    it('a round skips every key whose oldest row another round holds, and takes the other keys', async () => {
      const store = await factory.create();
      for (const [id, key] of [
        ['a1', 'A'],
        ['b1', 'B'],
        ['a2', 'A'],
        ['c1', 'C'],
      ] as const) {
        await store.transaction((tx) => tx.addToOutbox([message(id, key)]));
      }

      let holding!: (entries: readonly OutboxEntry[]) => void;
      const held = new Promise<readonly OutboxEntry[]>((resolve) => {
        holding = resolve;
      });
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      // The first round claims one key (A, by its oldest row a1) and keeps it until released.
      const first = store.relayOutbox(1, async (entries) => {
        holding(entries);
        await released;
      });
      expect(idsOf(await held)).toEqual(['a1']);

      // a2 is unsent but not its key's oldest row: taking it now would publish A out of order.
      const second: OutboxEntry[] = [];
      expect(await store.relayOutbox(10, async (entries) => void second.push(...entries))).toBe(2);
      expect(idsOf(second)).toEqual(['b1', 'c1']);

      release();
      expect(await first).toBe(1);
      const third: OutboxEntry[] = [];
      expect(await store.relayOutbox(10, async (entries) => void third.push(...entries))).toBe(1);
      expect(idsOf(third)).toEqual(['a2']);
    });
  });
}
