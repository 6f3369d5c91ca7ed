import { randomUUID } from 'node:crypto';
import { createMessaging, defineMessage } from '@pragmatic-messaging/core';
import { sampleSchema } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment, ConditionWaiter } from '@pragmatic-messaging/core/testing';
import { describe, expect, it } from 'vitest';
import { createTestKafkaTransport } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka handler signal');

describe.runIf(brokers)('Kafka: ctx.signal of a running handler', () => {
  it('aborts when the consumer closes under the handler, saying the record will be delivered again', async () => {
    const run = randomUUID().slice(0, 8);
    const contract = defineMessage({
      type: `kafka.${run}.slow`,
      topic: `kafka-${run}`,
      schema: sampleSchema,
    });
    const transport = createTestKafkaTransport(brokers!);
    const bus = createMessaging({ service: `kafka-${run}`, transport, publishes: [contract] });
    const waiter = new ConditionWaiter();
    let started = false;
    let reason: unknown;
    bus.endpoint(`kafka-${run}-slow`).on(contract, async (_message, context) => {
      started = true;
      waiter.changed();
      await new Promise<void>((resolve) => {
        context.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      reason = context.signal.reason;
      waiter.changed();
    });
    await bus.start();
    try {
      await bus.publish(contract, { id: 'm-1', key: 'k', seq: 1, text: 'slow' });
      await waiter.until(() => started, 'the handler is running', 30_000);
      // The process "dies": the transport closes without waiting for the handler.
      await transport.close();
      await waiter.until(() => reason !== undefined, 'the handler was told', 10_000);
      expect(reason).toMatchObject({ code: 'DELIVERY_LOST' });
      expect((reason as Error).message).toMatch(/consumer of endpoint .* closed; .* delivered again/);
    } finally {
      await bus.stop().catch(() => {});
    }
  });
});
