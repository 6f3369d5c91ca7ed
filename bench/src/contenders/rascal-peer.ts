import rascal from 'rascal';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { measureEndToEnd } from '../end-to-end/end-to-end-driver.js';
import type { EndToEndPair } from '../end-to-end/end-to-end-pair.js';
import { benchMessageSchema } from '../end-to-end/message-payload.js';
import { deleteRabbitMqResources } from '../end-to-end/rabbitmq-cleanup.js';
import type { ContenderRun } from '../figures.js';
import { RABBITMQ_PREFETCH } from './amqplib-raw.js';

/**
 * rascal with the raw client's guarantees: a confirm-channel publication (its default) of persistent, mandatory
 * messages, a subscription with the same prefetch, ack after handling. Everything else is rascal's defaults.
 */
export const rascalPeer: ContenderRun = async (params, progress) => {
  const url = requiredEnvironment('RABBITMQ_URL');
  const name = runName('rascal');
  const broker = await rascal.BrokerAsPromised.create(rascal.withDefaultConfig(rascalConfig(url, name)));
  // Until the consumer is wired, a broker error can only be reported; after that it fails the run.
  let reportError = (error: unknown): void => {
    process.stderr.write(`rascal broker error (queue ${name}): ${String(error)}\n`);
  };
  broker.on('error', (error: Error) => reportError(error));
  const pair: EndToEndPair = {
    async startConsumer(handled, failed) {
      reportError = failed;
      const subscription = await broker.subscribe('bench');
      subscription.on('message', (_message: unknown, content: unknown, ackOrNack: () => void) => {
        try {
          handled(benchMessageSchema.parse(content).seq);
          ackOrNack();
        } catch (error) {
          failed(error);
        }
      });
      subscription.on('error', failed);
    },
    async publish(messages) {
      await Promise.all(
        messages.map(async (message) => confirmed(await broker.publish('bench', message), name)),
      );
    },
    async close() {
      try {
        await broker.shutdown();
      } finally {
        await deleteRabbitMqResources(url, { queues: [name], exchanges: [name] });
      }
    },
  };
  return measureEndToEnd(pair, params, progress, `rascal (queue ${name})`);
};

function confirmed(publication: rascal.RascalPublication, exchange: string): Promise<void> {
  return new Promise((resolve, reject) => {
    publication.once('success', () => resolve());
    publication.once('error', (error: Error) =>
      reject(new Error(`rascal could not publish to exchange ${exchange}: ${error.message}`)),
    );
  });
}

function rascalConfig(url: string, name: string) {
  return {
    vhosts: {
      '/': {
        connection: { url },
        exchanges: { [name]: { type: 'topic', options: { durable: true } } },
        queues: { [name]: { options: { durable: true } } },
        bindings: { bench: { source: name, destination: name, bindingKey: 'bench.message' } },
        publications: {
          bench: {
            exchange: name,
            routingKey: 'bench.message',
            confirm: true,
            options: { persistent: true, mandatory: true },
          },
        },
        subscriptions: { bench: { queue: name, prefetch: RABBITMQ_PREFETCH } },
      },
    },
  };
}
