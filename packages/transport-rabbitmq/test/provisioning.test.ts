import { ConfigurationError, type EndpointTopology, type Topology } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ provisioning');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ provisioning');

function billingTopology(type: string, overrides: Partial<EndpointTopology> = {}): Topology {
  return {
    topics: [{ name: 'tickets', messageTypes: [type] }],
    endpoints: [
      {
        name: 'billing',
        service: 'billing-service',
        subscriptions: [{ topic: 'tickets', messageTypes: [type] }],
        retryDelays: [1_000, 10_000],
        concurrency: 4,
        prefetch: 8,
        temporary: false,
        ...overrides,
      },
    ],
  };
}

describe.runIf(url && managementUrl)('RabbitMQ provisioning', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(() => world.dispose());

  it('creates the resources describe() prints, with their arguments and bindings', async () => {
    const type = `test.${world.id}.ticket-created`;
    const topology = billingTopology(type);
    const transport = world.transport();
    await transport.connect();
    await transport.provision(topology);

    const p = world.prefix;
    const description = transport.describe(topology);
    for (const name of [
      `${p}tickets (topic, durable)`,
      `${p}billing (durable) {x-queue-type: classic, x-dead-letter-exchange: ${p}billing.dead-letter}`,
      `${p}billing.retry-1000ms (durable) {x-queue-type: classic, x-message-ttl: 1000, x-dead-letter-exchange: "", x-dead-letter-routing-key: ${p}billing}`,
      `${p}billing.dead-letter (fanout, durable)`,
      `${p}tickets --[${type}]--> queue ${p}billing`,
    ]) {
      expect(description).toContain(name);
    }
    expect(description).not.toContain('guest:guest');

    expect((await world.management.queue('/', `${p}billing`))?.arguments).toEqual({
      'x-queue-type': 'classic',
      'x-dead-letter-exchange': `${p}billing.dead-letter`,
    });
    expect((await world.management.queue('/', `${p}billing.retry-10000ms`))?.arguments).toEqual({
      'x-queue-type': 'classic',
      'x-message-ttl': 10_000,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': `${p}billing`,
    });
    expect(await world.management.queue('/', `${p}billing.dead-letter`)).toBeDefined();
    const bindings = await world.management.bindingsOf('/', `${p}billing`);
    expect(bindings.filter((binding) => binding.source === `${p}tickets`)).toEqual([
      expect.objectContaining({ routing_key: type }),
    ]);
  });

  it('provisioning twice is a no-op: queued messages and bindings stay as they were', async () => {
    const type = `test.${world.id}.ticket-created`;
    const topology = billingTopology(type);
    const transport = world.transport();
    await transport.connect();
    await transport.provision(topology);
    await transport.send([
      {
        id: 'waiting',
        type,
        topic: 'tickets',
        headers: {},
        body: new TextEncoder().encode('{}'),
        timestamp: Date.now(),
        mandatory: true,
      },
    ]);
    const bindingsBefore = await world.management.bindingsOf('/', `${world.prefix}billing`);

    await transport.provision(topology);
    await world.transport().provision(topology);

    expect(await world.messageCount(`${world.prefix}billing`)).toBe(1);
    expect(await world.management.bindingsOf('/', `${world.prefix}billing`)).toEqual(bindingsBefore);
  });

  it('refuses to change an existing queue silently and names it', async () => {
    const type = `test.${world.id}.ticket-created`;
    await world.transport().provision(billingTopology(type));

    const quorum = world.transport({ queueType: 'quorum' });
    const failure = quorum.provision(billingTopology(type));
    await expect(failure).rejects.toBeInstanceOf(ConfigurationError);
    await expect(failure).rejects.toThrow(`queue "${world.prefix}billing"`);
    await expect(failure).rejects.toThrow(/different settings/);
  });

  it('creates quorum queues when asked, and messages flow through them', async () => {
    const transport = world.transport({ queueType: 'quorum' });
    const contract = world.contract('quorum');
    const handled: number[] = [];
    await world.bus(
      'quorum-service',
      (bus) =>
        bus.endpoint('quorum-endpoint').on(contract, async (message) => {
          handled.push(message.seq);
          world.waiter.changed();
        }),
      { transport, publishes: [contract] },
    );
    expect((await world.management.queue('/', `${world.prefix}quorum-endpoint`))?.arguments).toMatchObject({
      'x-queue-type': 'quorum',
    });
    const producer = await world.bus('producer', () => {}, {
      transport: world.transport(),
      publishes: [contract],
    });
    await producer.publish(contract, world.sample(7));
    await world.until(() => handled.length === 1, 'the message arrives through the quorum queue');
    expect(handled).toEqual([7]);
  });
});
