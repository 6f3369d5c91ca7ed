import { Socket } from 'node:net';
import type { TransportMessage } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { type ChannelModel, connect } from 'amqplib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { corkSocketWrites } from '../src/corked-socket-writes.js';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ corked socket writes');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ corked socket writes');

const BURST = 40;

function message(index: number, type: string): TransportMessage {
  return {
    id: `burst-${index}`,
    type,
    topic: 'burst',
    headers: {},
    body: new TextEncoder().encode(`{"index":${index}}`),
    timestamp: Date.now(),
    mandatory: true,
  };
}

/**
 * amqplib writes each queued frame to the socket on its own; with Nagle's algorithm off each is a system call and
 * a TCP segment (performance.md, round ten). The transport corks the socket for each round of amqplib's frame
 * multiplexer, so a burst of publishes made in one turn of the event loop leaves in a handful of writes.
 */
describe.runIf(url && managementUrl)('frames written in one turn of the event loop', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await world.dispose();
  });

  it('reach the socket in one write, and every message still arrives', async () => {
    const type = `${world.prefix}burst.happened`;
    const transport = world.transport();
    await transport.provision({
      topics: [{ name: 'burst', messageTypes: [type] }],
      endpoints: [
        {
          name: 'burst-endpoint',
          service: 'test',
          subscriptions: [{ topic: 'burst', messageTypes: [type] }],
          retryDelays: [],
          concurrency: 1,
          prefetch: 1,
          temporary: false,
        },
      ],
    });
    await transport.send([message(-1, type)]);

    const single = vi.spyOn(Socket.prototype, '_write');
    const vectored = vi.spyOn(Socket.prototype, '_writev');
    await Promise.all(Array.from({ length: BURST }, (_, index) => transport.send([message(index, type)])));
    const chunks = vectored.mock.calls.reduce((sum, [chunks]) => sum + chunks.length, 0);
    const writes = single.mock.calls.length + vectored.mock.calls.length;

    // Uncorked, amqplib makes one write per publish: 40. The bound leaves room for a round split by a full socket.
    expect(writes).toBeLessThanOrEqual(4);
    expect(chunks + single.mock.calls.length).toBeGreaterThanOrEqual(BURST);
    expect(await world.messageCount(`${world.prefix}burst-endpoint`)).toBe(BURST + 1);
  });

  it('are corked on the connections amqplib makes, and a connection of another shape is left as it is', async () => {
    const model = await connect(url!);
    try {
      expect(corkSocketWrites(model)).toBe(true);
    } finally {
      await model.close();
    }
    const shapes = [
      {},
      { connection: { stream: new Socket() } },
      { connection: { stream: new Socket(), muxer: {} } },
      { connection: { muxer: { _readIncoming: () => {} } } },
      { connection: { stream: { cork: () => {} }, muxer: { _readIncoming: () => {} } } },
    ];
    for (const shape of shapes) expect(corkSocketWrites(shape as unknown as ChannelModel)).toBe(false);
  });
});
