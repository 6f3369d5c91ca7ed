import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const everySubscribedEndpointGetsItsOwnCopyOfTheTypesItSubscribedTo: ConformanceSituation = {
  title: 'every subscribed endpoint gets its own copy, and only of the types it subscribed to',
  level: 'bus',
  async run(f) {
    const shared = f.contract('shared');
    const other = f.contract('other');
    await f.bus('a', (bus) => bus.endpoint(f.name('a')).on(shared, f.recorder('a')));
    await f.bus('b', (bus) => bus.endpoint(f.name('b')).on(shared, f.recorder('b')));
    await f.bus('c', (bus) => bus.endpoint(f.name('c')).on(other, f.recorder('c')));
    const producer = await f.bus('producer', () => {}, { publishes: [shared, other] });

    await producer.publish(shared, f.sample(1));
    await producer.publish(other, f.sample(2));
    await f.until(
      () =>
        f.receivedBy('a').length === 1 && f.receivedBy('b').length === 1 && f.receivedBy('c').length === 1,
      'a and b get the shared type, c gets the other type',
    );
    expect(f.receivedBy('a')[0]!.context.type).toBe(shared.type);
    expect(f.receivedBy('b')[0]!.context.type).toBe(shared.type);
    expect(f.receivedBy('c')[0]!.context.type).toBe(other.type);
    expect(f.events.filter((event) => event.kind === 'dead-lettered')).toEqual([]);
  },
};
