import type { EndpointTopology } from '@pragmatic-messaging/core';
import { afterEach, expect, it } from 'vitest';
import { KafkaTransport } from '../src/kafka-transport.js';
import { ScriptedClient } from './support/scripted-kafka-client.js';

/** A temporary endpoint: its new member first asks where the topics end, before it exists. */
const endpoint: EndpointTopology = {
  name: 'live-feed',
  service: 'web',
  subscriptions: [{ topic: 'orders', messageTypes: ['shop.order-placed'] }],
  retryDelays: [],
  concurrency: 1,
  prefetch: 2,
  temporary: true,
};

let transport: KafkaTransport | undefined;
afterEach(async () => {
  await transport?.close();
});

it('a consumer stopped while its replacement is on the way leaves none running', async () => {
  const client = new ScriptedClient();
  transport = new KafkaTransport({ brokers: 'scripted:9092' }, client);
  await transport.connect();
  const subscription = await transport.consume(endpoint, async () => {});
  expect(client.consumers).toHaveLength(1);

  // The member crashes; its replacement is held while it asks where the topics end.
  let release: () => void = () => {};
  client.topicOffsetsGate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const askedBefore = client.topicOffsetsAsked;
  client.consumers[0]!.events.crashed?.(new Error('The group coordinator is not available'), false);
  await client.waiter.until(
    () => client.topicOffsetsAsked > askedBefore,
    'the replacement is on the way',
    10_000,
  );

  await subscription.stop();
  expect(client.consumers[0]!.stopped).toBe(true);
  release();
  await client.waiter.until(() => client.consumers.length === 2, 'the replacement joined', 10_000);
  await new Promise((resolve) => setImmediate(resolve));
  expect(client.consumers[1]!.stopped).toBe(true);
});
