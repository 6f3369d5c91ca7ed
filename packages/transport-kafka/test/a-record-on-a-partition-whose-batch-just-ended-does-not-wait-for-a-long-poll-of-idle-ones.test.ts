import { randomUUID } from 'node:crypto';
import { createMessaging, defineMessage, type Messaging } from '@pragmatic-messaging/core';
import { sampleSchema } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment, ConditionWaiter } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKafkaTransport, KAFKA_CLIENTS } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka fetching while partitions are idle');

/** Long enough that a record waiting for it stands out from one fetched at once. */
const LONG_POLL_MS = 5_000;

/**
 * Most of an endpoint's partitions are idle most of the time (its retry topic nearly always), and a fetch of only
 * idle partitions waits on the broker for `maxWaitTimeMs`. A partition whose batch ends meanwhile must be fetched
 * at once: on @platformatic/kafka it used to wait for that long poll to run out (500 ms by default; in the bench
 * the consumer idled 70 ms of every 180 ms that way).
 */
describe.runIf(brokers).each(KAFKA_CLIENTS)(
  'on %s, a record on a partition whose batch just ended',
  (client) => {
    let bus: Messaging | undefined;
    const waiter = new ConditionWaiter();
    afterEach(async () => {
      await bus?.stop();
      bus = undefined;
    });

    it('is handled without waiting for a long poll of the idle partitions to run out', async () => {
      const { publishStep, handledAt } = await startWorker();

      // The first record ends its batch at once; the other partitions (three of the topic, one of the retry topic)
      // have nothing, so the consumer is now long-polling them.
      await publishStep('one-key', 1);
      await waiter.until(() => handledAt.has('one-key#1'), 'the first record is handled', 30_000);
      const sent = performance.now();
      await publishStep('one-key', 2);
      await waiter.until(() => handledAt.has('one-key#2'), 'the second record is handled', 3 * LONG_POLL_MS);

      expect(handledAt.get('one-key#2')! - sent).toBeLessThan(LONG_POLL_MS / 2);
    }, 60_000);

    async function startWorker() {
      const run = randomUUID().slice(0, 8);
      const contract = defineMessage({
        type: `long-poll.${run}.step`,
        topic: `long-poll-${run}`,
        schema: sampleSchema,
        key: (message) => message.key,
      });
      const handledAt = new Map<string, number>();
      const started = createMessaging({
        service: `long-poll-${run}`,
        transport: createTestKafkaTransport(brokers!, { client, maxWaitTimeMs: LONG_POLL_MS }),
        retry: { immediate: 0, delays: [60_000] },
        publishes: [contract],
      });
      bus = started;
      started.endpoint(`long-poll-${run}-worker`).on(contract, async (message) => {
        handledAt.set(`${message.key}#${message.seq}`, performance.now());
        waiter.changed();
      });
      await started.start();
      const publishStep = (key: string, seq: number) =>
        started.publish(contract, { id: randomUUID(), key, seq, text: `${key} step ${seq}` });
      return { publishStep, handledAt };
    }
  },
);
