import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ handler signal');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ handler signal');

describe.runIf(url && managementUrl)('RabbitMQ: ctx.signal of a running handler', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(() => world.dispose());

  it('aborts when the channel the message came on is lost, saying it will be delivered again', async () => {
    const contract = world.contract('cancelled');
    const reasons: unknown[] = [];
    let started = false;
    const transport = world.transport();
    const bus = await world.bus(
      'cancelled',
      (b) =>
        b.endpoint('cancelled').on(contract, async (_message, context) => {
          if (started) return; // the redelivery after the reconnection
          started = true;
          world.waiter.changed();
          await new Promise<void>((resolve) => {
            context.signal.addEventListener('abort', () => resolve(), { once: true });
          });
          reasons.push(context.signal.reason);
          world.waiter.changed();
        }),
      { transport, publishes: [contract] },
    );
    await bus.publish(contract, world.sample(1));
    await world.until(() => started, 'the handler is running');

    await world.management.closeConnectionsNamed(transport.connectionName);
    await world.until(() => reasons.length === 1, 'the handler was told');
    expect(reasons[0]).toMatchObject({ code: 'DELIVERY_LOST' });
    expect(String((reasons[0] as Error).message)).toMatch(/channel .* closed; .* delivered again/);
  });
});
