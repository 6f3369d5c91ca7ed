import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { connect } from 'amqplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ broker dead-lettering');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ broker dead-lettering');

/**
 * RabbitMQ dead-letters a message by itself when a consumer rejects it without requeueing (here a plain client
 * outside the toolkit does), or when it expires. The copy arrives from the dead-letter exchange and carries no
 * failure headers of ours; listed, it must still say its topic and why the broker moved it.
 */
describe.runIf(url && managementUrl)('a message the broker dead-letters', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(() => world.dispose());

  it('keeps its topic in the dead-letter queue', async () => {
    const contract = world.contract('invoice', 'billing');
    const transport = world.transport();
    await transport.connect();
    await transport.provision({
      topics: [{ name: contract.topic, messageTypes: [contract.type] }],
      endpoints: [
        {
          name: 'accounting',
          service: 'test',
          subscriptions: [{ topic: contract.topic, messageTypes: [contract.type] }],
          retryDelays: [],
          concurrency: 1,
          prefetch: 1,
          temporary: false,
        },
      ],
    });
    await transport.send([
      {
        id: 'invoice-1',
        type: contract.type,
        topic: contract.topic,
        headers: {},
        body: new TextEncoder().encode('{}'),
        timestamp: Date.now(),
        mandatory: true,
      },
    ]);

    const connection = await connect(url!);
    try {
      const channel = await connection.createChannel();
      const taken = await channel.get(`${world.prefix}accounting`);
      expect(taken).not.toBe(false);
      // Await the broker's dead-lettering: the copy arriving in the dead-letter queue, handed straight back.
      const arrived = new Promise<void>((resolve) => {
        void channel.consume(`${world.prefix}accounting.dead-letter`, (amqp) => {
          if (!amqp) return;
          channel.nack(amqp, false, true);
          resolve();
        });
      });
      if (taken) channel.reject(taken, false);
      await arrived;
      await channel.close();
    } finally {
      await connection.close();
    }

    const letters = await transport.deadLetters('accounting').list();
    expect(letters).toHaveLength(1);
    expect(letters[0]!.message.topic).toBe('billing');
    expect(letters[0]!.failure.reason).toBe('broker-rejected');
  });
});
