import { randomUUID } from 'node:crypto';
import {
  createMessaging,
  defineMessage,
  type Messaging,
  NonRetryableError,
  PublishError,
} from '@pragmatic-messaging/core';
import { sampleSchema } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment, ConditionWaiter } from '@pragmatic-messaging/core/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { createKafkaTransport, type KafkaTransport } from '../src/index.js';
import { createTestKafkaTransport, KAFKA_CLIENTS } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka transport');

describe.runIf(brokers).each(KAFKA_CLIENTS)(
  'Kafka transport specifics on %s against a real broker',
  (client) => {
    const cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      await Promise.allSettled(cleanup.map((close) => close()));
      cleanup.length = 0;
    });

    const names = () => {
      const run = randomUUID().slice(0, 8);
      const contract = defineMessage({
        type: `kafka.${run}.item`,
        topic: `kafka-${run}`,
        schema: sampleSchema,
        key: (message) => message.key,
      });
      return { run, contract, endpoint: `kafka-${run}-worker` };
    };

    /** A bus that only publishes `contract`, stopped after the test. */
    const producerFor = (run: string, contract: ReturnType<typeof names>['contract']) => {
      const producer = createMessaging({
        service: `kafka-${run}-producer`,
        transport: createTestKafkaTransport(brokers!, { client }),
        publishes: [contract],
      });
      cleanup.push(() => producer.stop());
      return producer;
    };

    it('health turns "reconnecting" when the connections are cut and "connected" once the client is back', async () => {
      const transport = createTestKafkaTransport(brokers!, { client });
      cleanup.push(() => transport.close());
      await transport.connect();
      expect(transport.health().status).toBe('connected');

      await transport.simulateConnectionLoss();
      expect(transport.health()).toMatchObject({ status: 'reconnecting', detail: 'connections cut' });

      const { contract } = names();
      await transport.provision({
        topics: [{ name: contract.topic, messageTypes: [contract.type] }],
        endpoints: [],
      });
      expect(transport.health().status).toBe('connected');
    });

    it('dead letters can be purged selectively, oldest first, on the compacted dead-letter topic', async () => {
      const { run, contract, endpoint } = names();
      const waiter = new ConditionWaiter();
      let deadLettered = 0;
      const bus: Messaging = createMessaging({
        service: `kafka-${run}`,
        transport: createTestKafkaTransport(brokers!, { client }),
        publishes: [contract],
      });
      cleanup.push(() => bus.stop());
      bus.endpoint(endpoint, { concurrency: 1 }).on(contract, async (message) => {
        throw new NonRetryableError(`rejected ${message.seq}`);
      });
      bus.onEvent((event) => {
        if (event.kind === 'dead-lettered') deadLettered++;
        waiter.changed();
      });
      await bus.start();
      for (const seq of [1, 2, 3]) {
        await bus.publish(
          contract,
          { id: `item-${seq}`, key: 'same-key', seq, text: '' },
          { id: `item-${seq}` },
        );
      }
      await waiter.until(() => deadLettered === 3, 'three messages dead-lettered', 20_000);

      const queue = bus.deadLetters(endpoint);
      expect((await queue.list()).map((entry) => entry.message.id)).toEqual(['item-1', 'item-2', 'item-3']);
      expect(await queue.purge({ ids: ['item-2'] })).toBe(1);
      expect(await queue.purge({ error: 'rejected 3' })).toBe(1);
      const remaining = await queue.list();
      expect(remaining.map((entry) => entry.message.id)).toEqual(['item-1']);
      expect(remaining[0]!.failure).toMatchObject({
        reason: 'NON_RETRYABLE',
        message: 'rejected 1',
        endpoint,
      });
      expect(await queue.purge()).toBe(1);
      expect(await queue.list()).toEqual([]);
    });

    it('never commits past a message still in flight when later ones of its partition finish first', async () => {
      const { run, contract, endpoint } = names();
      const waiter = new ConditionWaiter();
      const handled: { id: string; by: string }[] = [];
      let slowStarted = false;
      const producer = producerFor(run, contract);
      const doomed = createMessaging({
        service: `kafka-${run}-doomed`,
        transport: createTestKafkaTransport(brokers!, { client }),
      });
      cleanup.push(() => doomed.stop());
      // Unordered and concurrent: the slow first message does not hold back the three after it.
      doomed.endpoint(endpoint, { concurrency: 4 }).on(contract, async (message) => {
        if (message.seq === 0) {
          slowStarted = true;
          waiter.changed();
          await new Promise(() => {});
        }
        handled.push({ id: message.id, by: 'doomed' });
        waiter.changed();
      });
      await doomed.start();
      await producer.start();
      // One send, one key: the four land in one record batch of one partition, in this order, and are
      // fetched together, so m1–m3 can finish while m0 is still in flight.
      await producer.transport.send(
        [0, 1, 2, 3].map((seq) => ({
          id: `m${seq}`,
          type: contract.type,
          topic: contract.topic,
          key: 'one-partition',
          headers: { 'content-type': 'application/json', attempt: '1' },
          body: new TextEncoder().encode(
            JSON.stringify({ id: `m${seq}`, key: 'one-partition', seq, text: '' }),
          ),
          timestamp: Date.now(),
        })),
      );
      await waiter.until(() => slowStarted && handled.length === 3, 'm1–m3 handled while m0 hangs', 20_000);

      await doomed.transport.close(); // the process dies with m0 unfinished
      const survivor = createMessaging({
        service: `kafka-${run}-survivor`,
        transport: createTestKafkaTransport(brokers!, { client }),
      });
      cleanup.push(() => survivor.stop());
      survivor.endpoint(endpoint, { concurrency: 4 }).on(contract, async (message) => {
        handled.push({ id: message.id, by: 'survivor' });
        waiter.changed();
      });
      await survivor.start();
      await waiter.until(
        () => handled.some((entry) => entry.id === 'm0' && entry.by === 'survivor'),
        'the survivor gets m0, whose offset was never committed',
        20_000,
      );
      // What followed m0 in its partition is delivered again too: the committed offset stayed before m0.
      const again = handled.filter((entry) => entry.by === 'survivor').map((entry) => entry.id);
      await waiter.until(
        () => handled.filter((entry) => entry.by === 'survivor').length === 4,
        'm0–m3 again',
        20_000,
      );
      expect(new Set(handled.filter((entry) => entry.by === 'survivor').map((entry) => entry.id))).toEqual(
        new Set(['m0', 'm1', 'm2', 'm3']),
      );
      expect(again).toContain('m0');
    });

    it('a handler slower than the session timeout does not get its instance evicted (no redelivery)', async () => {
      const { run, contract, endpoint } = names();
      const waiter = new ConditionWaiter();
      const runs: number[] = [];
      const sessionTimeoutMs = 2_000;
      const bus = createMessaging({
        service: `kafka-${run}`,
        transport: createKafkaTransport({
          client,
          brokers: brokers!,
          sessionTimeoutMs,
          heartbeatIntervalMs: 300,
          rebalanceTimeoutMs: 10_000,
          maxWaitTimeMs: 200,
        }),
        publishes: [contract],
      });
      cleanup.push(() => bus.stop());
      bus.endpoint(endpoint, { concurrency: 1 }).on(contract, async (message) => {
        runs.push(message.seq);
        // The subject of the test: work that outlasts the session timeout.
        if (message.seq === 1) await new Promise((resolve) => setTimeout(resolve, sessionTimeoutMs * 2));
        waiter.changed();
      });
      await bus.start();
      await bus.publish(contract, { id: randomUUID(), key: 'k', seq: 1, text: 'slow' });
      await bus.publish(contract, { id: randomUUID(), key: 'k', seq: 2, text: 'after the slow one' });
      await waiter.until(() => runs.includes(2), 'the message after the slow one is handled', 20_000);
      expect(runs).toEqual([1, 2]);
    });

    it('a new endpoint on a topic with history starts at its end, like a new queue', async () => {
      const { run, contract, endpoint } = names();
      const waiter = new ConditionWaiter();
      const received: string[] = [];
      const producer = producerFor(run, contract);
      await producer.start();
      await producer.publish(contract, {
        id: 'history',
        key: 'k',
        seq: 0,
        text: 'before the endpoint existed',
      });

      const consumer = createMessaging({
        service: `kafka-${run}`,
        transport: createTestKafkaTransport(brokers!, { client }),
      });
      cleanup.push(() => consumer.stop());
      consumer.endpoint(endpoint).on(contract, async (message) => {
        received.push(message.id);
        waiter.changed();
      });
      await consumer.start();
      await producer.publish(contract, { id: 'new', key: 'k', seq: 1, text: 'after' });
      await waiter.until(() => received.includes('new'), 'the new endpoint gets the new message', 20_000);
      expect(received).toEqual(['new']);
    });

    it('temporary endpoints read only new messages and leave no consumer group behind', async () => {
      const { run, contract } = names();
      const waiter = new ConditionWaiter();
      const received: string[] = [];
      const producer = producerFor(run, contract);
      await producer.start();
      await producer.publish(contract, { id: 'before', key: 'k', seq: 0, text: 'published before' });

      const endpoint = `kafka-${run}-signals-instance-1`;
      const listener = createMessaging({
        service: `kafka-${run}`,
        transport: createTestKafkaTransport(brokers!, { client }),
      });
      listener.endpoint(endpoint, { temporary: true }).on(contract, async (message) => {
        received.push(message.id);
        waiter.changed();
      });
      await listener.start();
      await producer.publish(contract, { id: 'after', key: 'k', seq: 1, text: 'published after' });
      await waiter.until(
        () => received.includes('after'),
        'the temporary endpoint gets the new message',
        20_000,
      );
      expect(received).toEqual(['after']);

      await listener.stop();
      const admin = new Kafka({ brokers: [brokers!], logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const { groups } = await admin.describeGroups([endpoint]);
        expect(groups[0]?.state).toBe('Dead');
      } finally {
        await admin.disconnect();
      }
    });

    it('describe() lists the topics, retry topics, dead-letter topic and consumer group it creates', () => {
      const transport = createKafkaTransport({
        client,
        brokers: '127.0.0.1:9092',
        namingPrefix: 'prod.',
        partitions: 3,
      });
      const text = transport.describe({
        topics: [{ name: 'tickets', messageTypes: ['tickets.ticket-created'] }],
        endpoints: [
          {
            name: 'timeline',
            service: 'timeline',
            subscriptions: [{ topic: 'tickets', messageTypes: ['tickets.ticket-created'] }],
            partitions: 8,
            retryDelays: [1_000, 10_000],
            concurrency: 8,
            prefetch: 16,
            temporary: false,
          },
        ],
      });
      expect(text).toContain('topic prod.tickets (8 partition(s))');
      expect(text).toContain('topic prod.timeline.retry-1000ms (3 partition(s))');
      expect(text).toContain('topic prod.timeline.retry-10000ms (3 partition(s))');
      expect(text).toContain('topic prod.timeline.replay (1 partition(s))');
      expect(text).toContain('topic prod.timeline.dlt (1 partition(s), compacted)');
      expect(text).toContain('consumer group prod.timeline for endpoint timeline');
    });

    it('rejects, through the bus, a message larger than maxMessageBytes before sending it, naming type and limit', async () => {
      const { run, contract } = names();
      const transport: KafkaTransport = createKafkaTransport({
        client,
        brokers: brokers!,
        maxMessageBytes: 1_000,
      });
      const producer = createMessaging({ service: `kafka-${run}-sized`, transport, publishes: [contract] });
      cleanup.push(() => producer.stop());
      await producer.start();
      const send = producer.publish(contract, { id: 'big', key: 'k', seq: 1, text: 'x'.repeat(2_000) });
      await expect(send).rejects.toBeInstanceOf(PublishError);
      await expect(send).rejects.toMatchObject({ retryable: false });
      await expect(send).rejects.toThrow(`Message "${contract.type}" is`);
      await expect(send).rejects.toThrow('transport "kafka" accepts at most 1000');
    });
  },
);
