import { NonRetryableError } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ temporary endpoint');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ temporary endpoint');

describe.runIf(url && managementUrl)('RabbitMQ temporary endpoints', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(() => world.dispose());

  it('live only as long as their consumer, and log loudly what they cannot dead-letter', async () => {
    const contract = world.contract('signal');
    const handled: number[] = [];
    const bus = await world.bus(
      'listener',
      (b) =>
        b.endpoint('signals-instance-1', { temporary: true }).on(contract, async (message) => {
          if (message.seq === 2) throw new NonRetryableError('cannot apply signal 2');
          handled.push(message.seq);
          world.waiter.changed();
        }),
      { publishes: [contract] },
    );
    const queue = `${world.prefix}signals-instance-1`;
    expect(await world.management.queue('/', queue)).toMatchObject({
      arguments: { 'x-queue-type': 'classic' },
    });

    await bus.publish(contract, world.sample(2));
    await bus.publish(contract, world.sample(1));
    await world.until(() => handled.includes(1), 'the signal arrives');
    await world.until(
      () =>
        world.logs.some((entry) => entry.level === 'error' && entry.message.includes('no dead-letter queue')),
      'the dropped message is logged',
    );
    const dropped = world.logs.find((entry) => entry.message.includes('no dead-letter queue'))!;
    expect(dropped.fields).toMatchObject({ endpoint: 'signals-instance-1', type: contract.type });

    await bus.stop();
    // Auto-delete: the broker removes the queue once its last consumer is gone.
    await expect(world.messageCount(queue)).rejects.toThrow(/NOT_FOUND/);
  });
});
