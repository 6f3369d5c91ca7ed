import type { Messaging } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ partitioned endpoint');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ partitioned endpoint');

describe.runIf(url && managementUrl)('RabbitMQ partitioned endpoints', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(() => world.dispose());

  it('keeps per-key order with two instances, also when the active instance stops mid-stream', async () => {
    const contract = world.contract('ordered');
    const received: { instance: string; key: string; seq: number }[] = [];
    const record = (instance: string) => async (message: { key: string; seq: number }) => {
      // Uneven work tempts an unordered consumer to finish messages out of order.
      await new Promise((resolve) => setTimeout(resolve, message.seq % 3));
      received.push({ instance, key: message.key, seq: message.seq });
      world.waiter.changed();
    };
    const configure = (instance: string) => (bus: Messaging) =>
      bus.endpoint('ordered', { partitions: 4, concurrency: 4 }).on(contract, record(instance));
    const first = await world.bus('orders', configure('first'));
    await world.bus('orders', configure('second'));
    const producer = await world.bus('producer', () => {}, { publishes: [contract] });

    const keys = Array.from({ length: 20 }, (_, index) => `ticket-${index}`);
    const perKey = 30;
    const publishRange = (from: number, to: number) =>
      Promise.all(
        keys.map(async (key) => {
          for (let seq = from; seq < to; seq++) await producer.publish(contract, world.sample(seq, key));
        }),
      );
    await publishRange(0, perKey / 2);
    await world.until(() => received.length >= (keys.length * perKey) / 4, 'a quarter handled');
    // The active instance leaves; single-active-consumer hands each partition to the standby instance.
    await first.stop();
    await publishRange(perKey / 2, perKey);
    await world.until(() => received.length >= keys.length * perKey, 'every message handled');

    expect(received).toHaveLength(keys.length * perKey);
    for (const key of keys) {
      const order = received.filter((entry) => entry.key === key).map((entry) => entry.seq);
      expect(order, `order of ${key}`).toEqual(Array.from({ length: perKey }, (_, seq) => seq));
    }
    expect(received.some((entry) => entry.instance === 'first')).toBe(true);
    expect(received.some((entry) => entry.instance === 'second')).toBe(true);
  });

  it('spreads keys over the partition queues, each with a single active consumer', async () => {
    const contract = world.contract('spread');
    const transport = world.transport();
    await transport.connect();
    await transport.provision({
      topics: [{ name: contract.topic, messageTypes: [contract.type] }],
      endpoints: [
        {
          name: 'spread',
          service: 'test',
          subscriptions: [{ topic: contract.topic, messageTypes: [contract.type] }],
          partitions: 3,
          retryDelays: [],
          concurrency: 3,
          prefetch: 3,
          temporary: false,
        },
      ],
    });
    const messages = Array.from({ length: 60 }, (_, index) => ({
      id: `m-${index}`,
      type: contract.type,
      topic: contract.topic,
      key: `key-${index % 12}`,
      headers: {},
      body: new TextEncoder().encode('{}'),
      timestamp: Date.now(),
      mandatory: true,
    }));
    await transport.send(messages);

    const counts: number[] = [];
    for (let partition = 0; partition < 3; partition++) {
      const queue = `${world.prefix}spread.partition-${partition}`;
      const details = await world.management.queue('/', queue);
      expect(details?.arguments).toMatchObject({ 'x-single-active-consumer': true });
      counts.push(await world.messageCount(queue));
    }
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(60);
    // 12 keys over 3 partitions: more than one partition gets work (the hash spreads keys).
    expect(counts.filter((count) => count > 0).length).toBeGreaterThan(1);
  });

  it('sends a delayed retry back through the partition exchange, to this endpoint only', async () => {
    const contract = world.contract('retried');
    const runs: { endpoint: string; attempt: number; at: number }[] = [];
    const bus = await world.bus(
      'retrying',
      (b) => {
        b.endpoint('retried-ordered', { partitions: 2, retry: { immediate: 0, delays: [300] } }).on(
          contract,
          async (_message, context) => {
            runs.push({ endpoint: 'retried-ordered', attempt: context.attempt, at: Date.now() });
            world.waiter.changed();
            if (context.attempt === 1) throw new Error('first try fails');
          },
        );
        b.endpoint('bystander').on(contract, async (_message, context) => {
          runs.push({ endpoint: 'bystander', attempt: context.attempt, at: Date.now() });
          world.waiter.changed();
        });
      },
      { publishes: [contract] },
    );
    await bus.publish(contract, world.sample(1, 'ticket-7'));
    await world.until(
      () => runs.some((run) => run.endpoint === 'retried-ordered' && run.attempt === 2),
      'the retry arrives',
    );
    const ordered = runs.filter((run) => run.endpoint === 'retried-ordered');
    expect(ordered.map((run) => run.attempt)).toEqual([1, 2]);
    expect(ordered[1]!.at - ordered[0]!.at).toBeGreaterThanOrEqual(300 - 50);
    // The bystander endpoint saw the original only, never the retry.
    expect(runs.filter((run) => run.endpoint === 'bystander').map((run) => run.attempt)).toEqual([1]);
  });
});
