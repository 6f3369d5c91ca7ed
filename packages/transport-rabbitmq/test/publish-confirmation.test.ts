import { defineMessage, PublishError, type TransportMessage } from '@pragmatic-messaging/core';
import { sampleSchema } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ publish confirmation');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ publish confirmation');

function raw(id: string, type: string, topic: string, mandatory = true): TransportMessage {
  return {
    id,
    type,
    topic,
    headers: {},
    body: new TextEncoder().encode('{}'),
    timestamp: Date.now(),
    mandatory,
  };
}

describe.runIf(url && managementUrl)('RabbitMQ publish confirmation', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(() => world.dispose());

  it('reports a publish to a topic with no bound queue instead of losing it', async () => {
    const contract = world.contract('nobody-listens', 'lonely');
    const producer = await world.bus('producer', () => {}, { publishes: [contract] });

    const failure = producer.publish(contract, world.sample(1));
    await expect(failure).rejects.toBeInstanceOf(PublishError);
    await expect(failure).rejects.toThrow(/unroutable/);
    await expect(failure).rejects.toThrow(contract.type);

    // A contract that opts out of `mandatory` (a fire-and-forget signal) is accepted with nobody listening.
    const signal = defineMessage({
      type: `${contract.type}-signal`,
      topic: 'lonely',
      schema: sampleSchema,
      mandatory: false,
    });
    await expect(producer.publish(signal, world.sample(2))).resolves.toBeUndefined();
  });

  it('confirms a large batch as a whole, and names the unroutable message of a mixed batch', async () => {
    const routed = world.contract('routed', 'batch');
    const transport = world.transport();
    await transport.provision({
      topics: [{ name: 'batch', messageTypes: [routed.type, 'nobody.wants.this'] }],
      endpoints: [
        {
          name: 'batch-endpoint',
          service: 'test',
          subscriptions: [{ topic: 'batch', messageTypes: [routed.type] }],
          retryDelays: [],
          concurrency: 1,
          prefetch: 1,
          temporary: false,
        },
      ],
    });
    const batch = Array.from({ length: 500 }, (_, index) => raw(`batch-${index}`, routed.type, 'batch'));
    await transport.send(batch);
    expect(await world.messageCount(`${world.prefix}batch-endpoint`)).toBe(500);

    const mixed = transport.send([
      raw('fine', routed.type, 'batch'),
      raw('lost', 'nobody.wants.this', 'batch'),
    ]);
    await expect(mixed).rejects.toThrow(/"nobody\.wants\.this" \(id lost\).*unroutable/);
    // RabbitMQ has no atomic batches: the routable message of the batch was still accepted.
    expect(await world.messageCount(`${world.prefix}batch-endpoint`)).toBe(501);
  });

  it('rejects, through the bus, a message larger than the configured limit before it reaches the broker', async () => {
    // Nobody is subscribed: had the message reached the broker, the publish would fail as unroutable instead.
    const contract = world.contract('big', 'sized');
    const producer = await world.bus('producer', () => {}, {
      publishes: [contract],
      transport: world.transport({ maxMessageBytes: 1024 }),
    });
    const failure = producer.publish(contract, { ...world.sample(1), text: 'x'.repeat(2048) });
    await expect(failure).rejects.toBeInstanceOf(PublishError);
    await expect(failure).rejects.toThrow(
      new RegExp(`Message "${contract.type}" is \\d+ bytes; transport "rabbitmq" accepts at most 1024`),
    );
    await expect(failure).rejects.toMatchObject({ retryable: false });
  });
});
