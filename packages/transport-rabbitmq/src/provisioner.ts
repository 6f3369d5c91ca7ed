import { ConfigurationError } from '@pragmatic-messaging/core';
import type { Channel, ChannelModel } from 'amqplib';
import type { TopologyPlan } from './topology-plan.js';
import { amqpCode, withChannel } from './with-channel.js';

const PRECONDITION_FAILED = 406;

/**
 * Declares every exchange, queue and binding of a plan. AMQP declarations are idempotent when the settings
 * match, so running it again changes nothing; a resource that exists with other settings fails with an error
 * that names it instead of being silently changed.
 */
export async function declarePlan(model: ChannelModel, plan: TopologyPlan): Promise<void> {
  await withChannel(model, async (channel) => {
    for (const exchange of plan.exchanges) {
      await step(`exchange "${exchange.name}"`, () =>
        channel.assertExchange(exchange.name, exchange.type, {
          durable: exchange.durable,
          autoDelete: false,
          arguments: exchange.arguments,
        }),
      );
    }
    for (const queue of plan.queues) {
      await step(`queue "${queue.name}"`, () =>
        channel.assertQueue(queue.name, {
          durable: queue.durable,
          autoDelete: queue.autoDelete,
          arguments: queue.arguments,
        }),
      );
    }
    for (const binding of plan.bindings) {
      await step(`binding ${binding.source} --[${binding.pattern}]--> ${binding.destination.name}`, () =>
        bind(channel, binding.destination.kind, binding.destination.name, binding.source, binding.pattern),
      );
    }
  });
}

function bind(
  channel: Channel,
  kind: 'queue' | 'exchange',
  destination: string,
  source: string,
  pattern: string,
) {
  return kind === 'queue'
    ? channel.bindQueue(destination, source, pattern)
    : channel.bindExchange(destination, source, pattern);
}

async function step(what: string, declare: () => Promise<unknown>): Promise<void> {
  try {
    await declare();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    if (amqpCode(error) === PRECONDITION_FAILED) {
      throw new ConfigurationError(
        `Cannot provision ${what} on RabbitMQ: it already exists with different settings (${detail}). Delete it or keep its previous settings (queue type, partitions, retry delays).`,
      );
    }
    throw new ConfigurationError(`Cannot provision ${what} on RabbitMQ: ${detail}`);
  }
}
