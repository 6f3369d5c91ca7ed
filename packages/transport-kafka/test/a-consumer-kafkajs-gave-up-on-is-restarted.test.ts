import type { EndpointTopology } from '@pragmatic-messaging/core';
import { afterEach, expect, it } from 'vitest';
import { KafkaTransport } from '../src/kafka-transport.js';
import { ScriptedClient } from './support/scripted-kafka-client.js';

const endpoint: EndpointTopology = {
  name: 'orders',
  service: 'shop',
  subscriptions: [{ topic: 'orders', messageTypes: ['shop.order-placed'] }],
  retryDelays: [],
  concurrency: 1,
  prefetch: 2,
  temporary: false,
};

let transport: KafkaTransport | undefined;
afterEach(async () => {
  await transport?.close();
});

it('a consumer kafkajs gave up on is replaced until it joins again, and health says so meanwhile', async () => {
  const client = new ScriptedClient();
  transport = new KafkaTransport({ brokers: 'scripted:9092' }, client);
  await transport.connect();
  await transport.consume(endpoint, async () => {});
  expect(client.consumers).toHaveLength(1);

  // kafkajs crashes the consumer and does not restart it; the next join attempt fails once more.
  client.joinFailures = 1;
  client.consumers[0]!.events.crashed?.(new Error('KafkaJSGroupCoordinatorNotFound'), false);
  expect(transport.health()).toEqual({
    status: 'reconnecting',
    detail: 'the consumer of endpoint "orders" is restarting: KafkaJSGroupCoordinatorNotFound',
  });

  await client.waiter.until(() => client.consumers.length === 2, 'a new consumer joined', 10_000);
  await new Promise((resolve) => setImmediate(resolve)); // the transport hears of the join right after it
  expect(client.consumers[0]!.stopped).toBe(true);
  expect(client.consumers[1]!.settings.groupId).toBe(client.consumers[0]!.settings.groupId);
  expect(transport.health()).toEqual({ status: 'connected', detail: undefined });
});

it('a consumer kafkajs restarts by itself is reported until it rejoins', async () => {
  const client = new ScriptedClient();
  transport = new KafkaTransport({ brokers: 'scripted:9092' }, client);
  await transport.connect();
  await transport.consume(endpoint, async () => {});

  client.consumers[0]!.events.crashed?.(new Error('Connection error: ECONNREFUSED'), true);
  expect(transport.health().status).toBe('reconnecting');
  client.consumers[0]!.events.rejoined?.();
  expect(transport.health().status).toBe('connected');
  expect(client.consumers).toHaveLength(1);
});
