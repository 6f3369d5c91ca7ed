import type { EndpointTopology } from '@pragmatic-messaging/core';
import { describe, expect, it } from 'vitest';
import { ResourceNames } from '../src/resource-names.js';
import { describePlan, planTopology } from '../src/topology-plan.js';

const names = new ResourceNames('prod.');

function endpoint(overrides: Partial<EndpointTopology> = {}): EndpointTopology {
  return {
    name: 'billing',
    service: 'billing-service',
    subscriptions: [{ topic: 'tickets', messageTypes: ['tickets.ticket-created', 'tickets.ticket-closed'] }],
    retryDelays: [1_000, 10_000],
    concurrency: 4,
    prefetch: 8,
    temporary: false,
    ...overrides,
  };
}

describe('RabbitMQ topology plan', () => {
  it('gives an unordered endpoint a queue bound per type, retry queues back to it and a dead-letter queue', () => {
    const plan = planTopology({ topics: [], endpoints: [endpoint()] }, names, 'classic');
    expect(plan.exchanges).toEqual([
      { name: 'prod.tickets', type: 'topic', durable: true, arguments: {} },
      { name: 'prod.billing.dead-letter', type: 'fanout', durable: true, arguments: {} },
    ]);
    expect(plan.queues).toEqual([
      {
        name: 'prod.billing',
        durable: true,
        autoDelete: false,
        arguments: { 'x-queue-type': 'classic', 'x-dead-letter-exchange': 'prod.billing.dead-letter' },
      },
      {
        name: 'prod.billing.retry-1000ms',
        durable: true,
        autoDelete: false,
        arguments: {
          'x-queue-type': 'classic',
          'x-message-ttl': 1_000,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': 'prod.billing',
        },
      },
      expect.objectContaining({ name: 'prod.billing.retry-10000ms' }),
      {
        name: 'prod.billing.dead-letter',
        durable: true,
        autoDelete: false,
        arguments: { 'x-queue-type': 'classic' },
      },
    ]);
    expect(
      plan.bindings.map((binding) => `${binding.source} ${binding.pattern} ${binding.destination.name}`),
    ).toEqual([
      'prod.tickets tickets.ticket-created prod.billing',
      'prod.tickets tickets.ticket-closed prod.billing',
      'prod.billing.dead-letter  prod.billing.dead-letter',
    ]);
  });

  it('gives an ordered endpoint a consistent-hash exchange over single-active-consumer partition queues', () => {
    const plan = planTopology({ topics: [], endpoints: [endpoint({ partitions: 3 })] }, names, 'quorum');
    expect(plan.exchanges).toContainEqual({
      name: 'prod.billing.partitions',
      type: 'x-consistent-hash',
      durable: true,
      arguments: { 'hash-header': 'pm-partition-key' },
    });
    const partitions = plan.queues.filter((queue) => queue.name.includes('.partition-'));
    expect(partitions.map((queue) => queue.name)).toEqual([
      'prod.billing.partition-0',
      'prod.billing.partition-1',
      'prod.billing.partition-2',
    ]);
    expect(partitions[0]!.arguments).toEqual({
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': 'prod.billing.dead-letter',
      'x-single-active-consumer': true,
    });
    // Retries re-enter through the hash exchange, so they land in the partition of their key.
    const retry = plan.queues.find((queue) => queue.name === 'prod.billing.retry-1000ms')!;
    expect(retry.arguments['x-dead-letter-exchange']).toBe('prod.billing.partitions');
    expect(retry.arguments['x-dead-letter-routing-key']).toBeUndefined();
    expect(plan.bindings).toContainEqual({
      destination: { kind: 'exchange', name: 'prod.billing.partitions' },
      source: 'prod.tickets',
      pattern: 'tickets.ticket-created',
    });
  });

  it('makes temporary endpoints transient classic queues without a dead-letter queue', () => {
    const plan = planTopology(
      { topics: [], endpoints: [endpoint({ temporary: true, retryDelays: [500] })] },
      names,
      'quorum',
    );
    expect(plan.queues).toEqual([
      { name: 'prod.billing', durable: false, autoDelete: true, arguments: { 'x-queue-type': 'classic' } },
      {
        name: 'prod.billing.retry-500ms',
        durable: false,
        autoDelete: false,
        arguments: {
          'x-queue-type': 'classic',
          'x-message-ttl': 500,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': 'prod.billing',
          'x-expires': 60_500,
        },
      },
    ]);
    expect(plan.exchanges.map((exchange) => exchange.name)).toEqual(['prod.tickets']);
  });

  it('declares each topic exchange once and prints every resource', () => {
    const plan = planTopology(
      { topics: [{ name: 'tickets', messageTypes: ['tickets.ticket-created'] }], endpoints: [endpoint()] },
      names,
      'classic',
    );
    expect(plan.exchanges.filter((exchange) => exchange.name === 'prod.tickets')).toHaveLength(1);
    const text = describePlan(plan);
    expect(text).toContain('Exchanges:\n  prod.tickets (topic, durable)');
    expect(text).toContain('x-dead-letter-exchange: ""');
    expect(text).toContain('prod.tickets --[tickets.ticket-created]--> queue prod.billing');
  });
});
