import { randomUUID } from 'node:crypto';
import { createMessaging, defineMessage, type Messaging } from '@pragmatic-messaging/core';
import { sampleSchema } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment, ConditionWaiter } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKafkaTransport, KAFKA_CLIENTS } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka rebalance');

describe.runIf(brokers).each(KAFKA_CLIENTS)('Kafka rebalance on %s against a real broker', (client) => {
  const buses: Messaging[] = [];
  afterEach(async () => {
    await Promise.allSettled(buses.map((bus) => bus.stop()));
    buses.length = 0;
  });

  it('a second instance joining mid-stream loses nothing and keeps per-key order', async () => {
    const run = randomUUID().slice(0, 8);
    const contract = defineMessage({
      type: `rebalance.${run}.step`,
      topic: `rebalance-${run}`,
      schema: sampleSchema,
      key: (message) => message.key,
    });
    const endpoint = `rebalance-${run}-timeline`;
    const waiter = new ConditionWaiter();
    const handled: { key: string; seq: number; instance: string }[] = [];
    const keysInFlight = new Set<string>();
    let sameKeyOverlaps = 0;

    const startInstance = async (instance: string) => {
      const bus = createMessaging({
        service: `rebalance-${run}-${instance}`,
        transport: createTestKafkaTransport(brokers!, { client }),
        retry: { immediate: 0, delays: [] },
      });
      bus.endpoint(endpoint, { partitions: 4, concurrency: 4 }).on(contract, async (message) => {
        if (keysInFlight.has(message.key)) sameKeyOverlaps++;
        keysInFlight.add(message.key);
        // A little work keeps the stream busy while the group rebalances.
        await new Promise((resolve) => setTimeout(resolve, 4));
        keysInFlight.delete(message.key);
        handled.push({ key: message.key, seq: message.seq, instance });
        waiter.changed();
      });
      buses.push(bus);
      await bus.start();
    };

    await startInstance('one');
    const producer = createMessaging({
      service: `rebalance-${run}-producer`,
      transport: createTestKafkaTransport(brokers!, { client }),
      publishes: [contract],
    });
    buses.push(producer);
    await producer.start();

    const keys = Array.from({ length: 20 }, (_, index) => `ticket-${index}`);
    const perKey = 50;
    const publish = (from: number, to: number) =>
      Promise.all(
        keys.map(async (key) => {
          for (let seq = from; seq < to; seq++) {
            await producer.publish(contract, { id: randomUUID(), key, seq, text: `${key}#${seq}` });
          }
        }),
      );

    await publish(0, perKey / 2);
    await waiter.until(() => handled.length >= 100, 'the first instance handles 100 messages', 30_000);
    // The second instance joins while the rest of the stream is being published and handled. The last messages
    // of every key are published only once it joined, so the stream is still flowing then however long the
    // join takes (a rejoin waits for the batches in flight).
    let handledWhenJoined = 0;
    const tail = perKey - 5;
    await Promise.all([
      publish(perKey / 2, tail),
      startInstance('two').then(() => {
        handledWhenJoined = handled.length;
      }),
    ]);
    await publish(tail, perKey);

    const total = keys.length * perKey;
    const distinct = () => new Set(handled.map(({ key, seq }) => `${key}#${seq}`)).size;
    await waiter.until(
      () => distinct() === total,
      `all ${total} messages handled`,
      45_000,
      () => `${distinct()} distinct of ${handled.length} handled`,
    );

    expect(handledWhenJoined, 'the stream was still flowing when the second instance joined').toBeLessThan(
      total,
    );
    expect(
      handled.filter(({ instance }) => instance === 'two').length,
      'the new instance took partitions',
    ).toBeGreaterThan(0);
    expect(sameKeyOverlaps, 'one key is never handled by two handlers at once').toBe(0);
    for (const key of keys) {
      // At-least-once: a redelivered message may repeat, but first handlings of a key follow the publish order.
      const firstHandlings = [
        ...new Set(handled.filter((entry) => entry.key === key).map((entry) => entry.seq)),
      ];
      expect(firstHandlings, `order of ${key}`).toEqual(Array.from({ length: perKey }, (_, seq) => seq));
    }
  }, 120_000);
});
