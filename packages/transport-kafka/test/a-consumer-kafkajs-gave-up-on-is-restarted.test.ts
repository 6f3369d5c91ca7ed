import type { EndpointTopology } from '@pragmatic-messaging/core';
import { ConditionWaiter } from '@pragmatic-messaging/core/testing';
import { afterEach, expect, it } from 'vitest';
import type {
  GroupConsumer,
  GroupConsumerEvents,
  GroupConsumerSettings,
  KafkaClient,
} from '../src/client/kafka-client.js';
import { KafkaTransport } from '../src/kafka-transport.js';

/**
 * The client seam, scripted: every group consumer joins at once and records its events, so the test can crash it the
 * way kafkajs does after an error it will not retry (a group coordinator not found after a broker restart).
 */
class ScriptedClient implements KafkaClient {
  readonly consumers: { settings: GroupConsumerSettings; events: GroupConsumerEvents; stopped: boolean }[] =
    [];
  joinFailures = 0;
  readonly waiter = new ConditionWaiter();

  async connect() {}
  async produce() {}
  async topicNames() {
    return new Set<string>();
  }
  async createTopics() {}
  async topicOffsets() {
    return [];
  }
  async committedOffsets() {
    return [];
  }
  async setCommittedOffsets() {}
  async groupExists() {
    return false;
  }
  async deleteGroup() {}
  onConnectionState() {}
  dropConnections() {}
  async close() {}

  groupConsumer(settings: GroupConsumerSettings): GroupConsumer {
    const entry = { settings, events: {} as GroupConsumerEvents, stopped: false };
    return {
      start: async (_onBatch, events = {}) => {
        if (this.joinFailures > 0) {
          this.joinFailures--;
          throw Object.assign(new Error('The group coordinator is not available'), { retriable: false });
        }
        entry.events = events;
        this.consumers.push(entry);
        this.waiter.changed();
      },
      stop: async () => {
        entry.stopped = true;
      },
    };
  }
}

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
