import { randomUUID } from 'node:crypto';
import { createMessaging, defineMessage, type Messaging } from '@pragmatic-messaging/core';
import { type SampleMessage, sampleSchema } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment, ConditionWaiter } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKafkaTransport, KAFKA_CLIENTS } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka bootstrap broker list');
// Nothing listens there: a bootstrap broker that is down.
const DOWN = '127.0.0.1:1';

describe.runIf(brokers).each(KAFKA_CLIENTS)(
  'a Kafka transport on %s given several bootstrap brokers',
  (client) => {
    const buses: Messaging[] = [];
    afterEach(async () => {
      await Promise.allSettled(buses.map((bus) => bus.stop()));
      buses.length = 0;
    });

    it('works when the first of them is down: connects, publishes and consumes through the next', async () => {
      const run = randomUUID().slice(0, 8);
      const contract = defineMessage({
        type: `brokers.${run}`,
        topic: `brokers-${run}`,
        schema: sampleSchema,
      });
      const received: SampleMessage[] = [];
      const waiter = new ConditionWaiter();
      const bus = createMessaging({
        service: `brokers-${run}`,
        transport: createTestKafkaTransport([DOWN, ...brokers!.split(','), DOWN].join(','), { client }),
        publishes: [contract],
      });
      buses.push(bus);
      bus.endpoint(`brokers-${run}-worker`).on(contract, (message) => {
        received.push(message);
        waiter.changed();
      });
      await bus.start();
      for (let seq = 1; seq <= 5; seq++) {
        await bus.publish(contract, { id: randomUUID(), key: 'k', seq, text: `m${seq}` });
      }
      await waiter.until(() => received.length === 5, 'the five messages are handled', 25_000);
      expect(received.map((message) => message.seq).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(bus.transport.health().status).toBe('connected');
    });
  },
);
