import { BrokerUnavailableError, ConfigurationError, PublishError } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { createRabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ connection recovery');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ connection recovery');

describe.runIf(url && managementUrl)('RabbitMQ connection recovery', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(() => world.dispose());

  const lostConnection = () => world.logs.some((entry) => entry.message.includes('connection lost'));

  it('reports reconnecting, holds publishes during the outage, then resumes consumers', async () => {
    const contract = world.contract('recovering');
    const handled: number[] = [];
    // A first reconnect delay long enough to observe the outage.
    const transport = world.transport({ reconnect: { initialDelayMs: 800, maxDelayMs: 1_000 } });
    const bus = await world.bus(
      'recovering',
      (b) =>
        b.endpoint('recovering').on(contract, async (message) => {
          handled.push(message.seq);
          world.waiter.changed();
        }),
      { transport, publishes: [contract] },
    );
    expect(transport.health().status).toBe('connected');

    await world.management.closeConnectionsNamed(transport.connectionName);
    await world.until(lostConnection, 'the transport notices the cut');
    expect(transport.health().status).toBe('reconnecting');
    expect(bus.health().status).toBe('degraded');

    // Published during the outage: waits for the new connection instead of failing or vanishing.
    await bus.publish(contract, world.sample(1));
    expect(transport.health().status).toBe('connected');
    await world.until(() => handled.includes(1), 'the consumer is attached again and gets the message');
    expect(handled).toEqual([1]);
  });

  it('simulateConnectionLoss resets the socket: the connection is lost for real and a new one is opened', async () => {
    const transport = world.transport({ reconnect: { initialDelayMs: 300, maxDelayMs: 300 } });
    await transport.connect();
    const connects = () => world.logs.filter((entry) => entry.message === 'Connected to RabbitMQ').length;
    expect(connects()).toBe(1);

    await transport.simulateConnectionLoss();
    expect(transport.health()).toEqual({
      status: 'reconnecting',
      detail: 'connection reset (cut on purpose)',
    });
    expect(lostConnection()).toBe(true);
    // Waits for the reconnection, like any work during an outage.
    await transport.provision({ topics: [], endpoints: [] });
    expect(transport.health().status).toBe('connected');
    expect(connects()).toBe(2);
  });

  it('rejects a publish that waited longer than publishTimeoutMs, naming the type and topic', async () => {
    const transport = world.transport({
      publishTimeoutMs: 200,
      reconnect: { initialDelayMs: 5_000, maxDelayMs: 5_000 },
    });
    await transport.provision({
      topics: [{ name: 'waiting', messageTypes: ['waiting.type'] }],
      endpoints: [],
    });
    await world.management.closeConnectionsNamed(transport.connectionName);
    await world.until(lostConnection, 'the transport notices the cut');

    const failure = transport.send([
      {
        id: 'late',
        type: 'waiting.type',
        topic: 'waiting',
        headers: {},
        body: new Uint8Array(0),
        timestamp: Date.now(),
      },
    ]);
    await expect(failure).rejects.toBeInstanceOf(PublishError);
    await expect(failure).rejects.toThrow(/"waiting\.type" to topic "waiting".*unreachable for 200ms/);
  });

  it('fails to connect with a clear error that never shows the password', async () => {
    const wrongPassword = new URL(url!);
    wrongPassword.username = 'guest';
    wrongPassword.password = 'not-the-s3cret';
    const transport = createRabbitMqTransport({ url: wrongPassword.toString(), initialConnectAttempts: 1 });
    const failure = transport.connect();
    // Wrong credentials are a configuration error: the bus does not wait for them to become right.
    await expect(failure).rejects.toBeInstanceOf(ConfigurationError);
    await expect(failure).rejects.toThrow(/ACCESS.REFUSED/);
    const message = await failure.catch((error: Error) => error.message);
    expect(message).toContain('guest:***@');
    expect(message).not.toContain('not-the-s3cret');
    expect(transport.health().status).toBe('failed');
    expect(transport.health().detail).not.toContain('not-the-s3cret');
    await transport.close();
  });

  it('tells an unreachable broker apart, after the configured attempts', async () => {
    const transport = createRabbitMqTransport({
      url: 'amqp://user:hidden-pw@127.0.0.1:1',
      initialConnectAttempts: 2,
      reconnect: { initialDelayMs: 10 },
    });
    const failure = transport.connect();
    await expect(failure).rejects.toBeInstanceOf(BrokerUnavailableError);
    await expect(failure).rejects.toThrow(
      /Cannot connect to RabbitMQ at amqp:\/\/user:\*\*\*@127\.0\.0\.1:1.* after 2 attempt/,
    );
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
    await transport.close();
  });

  it('moves on to the next URL when one node is down', async () => {
    const transport = world.transport({
      url: ['amqp://guest:guest@127.0.0.1:1', url!],
      initialConnectAttempts: 2,
    });
    await transport.connect();
    expect(transport.health().status).toBe('connected');
  });

  it('reports "failed" once reconnect attempts are exhausted, and rejects what waits', async () => {
    // After the cut, the only reconnect attempt goes to the second URL, where nothing listens.
    const transport = world.transport({
      url: [url!, 'amqp://guest:guest@127.0.0.1:1'],
      reconnect: { initialDelayMs: 10, maxAttempts: 1 },
    });
    await transport.connect();
    await world.management.closeConnectionsNamed(transport.connectionName);
    await world.until(
      () => world.logs.some((entry) => entry.message.includes('Giving up reconnecting')),
      'the transport gives up',
    );
    expect(transport.health()).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/ECONNREFUSED/),
    });
    await expect(transport.provision({ topics: [], endpoints: [] })).rejects.toThrow(/failed for good/);
  });
});
