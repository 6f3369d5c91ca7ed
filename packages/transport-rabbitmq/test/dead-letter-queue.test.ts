import { NonRetryableError } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ dead-letter queue');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ dead-letter queue');

describe.runIf(url && managementUrl)('RabbitMQ dead-letter management', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(() => world.dispose());

  it('lists without removing, purges and replays by filter on the broker dead-letter queue', async () => {
    const invoices = world.contract('invoice');
    const refunds = world.contract('refund');
    let healthy = false;
    const handled: string[] = [];
    const handler = (kind: string) => async (message: { seq: number }) => {
      if (!healthy) throw new NonRetryableError(`${kind} ${message.seq} cannot be booked`);
      handled.push(`${kind}-${message.seq}`);
      world.waiter.changed();
    };
    let deadLettered = 0;
    const bus = await world.bus(
      'accounting',
      (b) => {
        b.endpoint('accounting').on(invoices, handler('invoice')).on(refunds, handler('refund'));
        b.onEvent((event) => {
          if (event.kind === 'dead-lettered') deadLettered++;
          world.waiter.changed();
        });
      },
      { publishes: [invoices, refunds] },
    );
    for (let seq = 1; seq <= 3; seq++) await bus.publish(invoices, world.sample(seq));
    for (let seq = 4; seq <= 5; seq++) await bus.publish(refunds, world.sample(seq));
    await world.until(() => deadLettered === 5, 'all five messages dead-lettered');

    const queue = bus.deadLetters('accounting');
    const firstTwo = await queue.list({ limit: 2 });
    expect(firstTwo.map((entry) => entry.failure.message)).toEqual([
      'invoice 1 cannot be booked',
      'invoice 2 cannot be booked',
    ]);
    expect(firstTwo[0]!.failure).toMatchObject({
      reason: 'NON_RETRYABLE',
      endpoint: 'accounting',
      attempts: 1,
    });
    expect(await queue.list()).toHaveLength(5);

    expect(await queue.purge({ type: refunds.type })).toBe(2);
    healthy = true;
    expect(await queue.replay({ error: /invoice [13]/ })).toBe(2);
    await world.until(() => handled.length === 2, 'the two replayed invoices are handled');
    expect(handled.sort()).toEqual(['invoice-1', 'invoice-3']);
    const left = await queue.list();
    expect(left.map((entry) => entry.failure.message)).toEqual(['invoice 2 cannot be booked']);
  });

  it('explains a dead-letter queue that does not exist', async () => {
    const transport = world.transport();
    await expect(transport.deadLetters('never-provisioned').list()).rejects.toThrow(
      /Endpoint "never-provisioned" has no dead-letter queue ".*never-provisioned\.dead-letter"/,
    );
  });
});
