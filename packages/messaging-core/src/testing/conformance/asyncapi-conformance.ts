import { expect, it } from 'vitest';
import { createMessaging } from '../../bus/messaging.js';
import type { ConformanceFixture } from './conformance-fixture.js';

type Fixture = () => ConformanceFixture;

/**
 * `Transport.asyncApi(topology)` on every transport: it describes every topic and endpoint of a topology, for a
 * bus that never connected, so `messaging.asyncApi()` names the broker resources wherever it runs (a CLI, CI).
 */
export function asyncApiConformance(fixture: Fixture): void {
  it('13. AsyncAPI: every topic and endpoint of a topology is described, without connecting', async () => {
    const f = fixture();
    const transport = await f.options.createTransport();
    const created = f.contract('created', 'orders');
    const audited = f.contract('audited', 'audit');
    const bus = createMessaging({ service: f.name('described'), transport, publishes: [created, audited] });
    bus.endpoint(f.name('ordered'), f.endpointOptions({ partitions: 2 })).on(created, f.recorder('ordered'));
    bus
      .endpoint(f.name('plain'), f.endpointOptions())
      .on(created, f.recorder('plain'))
      .on(audited, f.recorder('plain'));
    const topology = bus.topology();

    const described = transport.asyncApi(topology);
    expect(Object.keys(described.topics).sort()).toEqual(topology.topics.map((topic) => topic.name).sort());
    expect(Object.keys(described.endpoints).sort()).toEqual(
      topology.endpoints.map((endpoint) => endpoint.name).sort(),
    );
    expect(typeof described.servers).toBe('object');
    // Channels carry the broker's names: an address for every topic (endpoints may span several resources).
    for (const topic of topology.topics)
      expect(described.topics[topic.name]?.address).toEqual(expect.any(String));
    expect(transport.health().status, 'describing never connects').not.toBe('connected');
    await transport.close();
  });
}
