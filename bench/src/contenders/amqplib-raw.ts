import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel, type ConfirmChannel, type Options } from 'amqplib';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { measureEndToEnd } from '../end-to-end/end-to-end-driver.js';
import type { EndToEndPair } from '../end-to-end/end-to-end-pair.js';
import { type BenchMessage, sequenceOf } from '../end-to-end/message-payload.js';
import type { ContenderRun } from '../figures.js';

/** Unacknowledged deliveries RabbitMQ pushes ahead; the same value every RabbitMQ contender gets. */
export const RABBITMQ_PREFETCH = 256;

/**
 * The baseline: amqplib written as well as it allows. Confirm channel with pipelined confirms (every message of a
 * chunk is written before any confirm is awaited), socket backpressure respected, persistent mandatory messages
 * to a durable queue through a topic exchange, manual ack after handling, tuned prefetch.
 */
export const amqplibRaw: ContenderRun = async (params, progress) => {
  const name = runName('amqplib');
  const connection = await amqp.connect(requiredEnvironment('RABBITMQ_URL'), SOCKET_OPTIONS);
  const pair = await rawPair(connection, name, bareOptions);
  return measureEndToEnd(pair, params, progress, `amqplib (queue ${name})`);
};

/**
 * The same raw client writing exactly what the toolkit writes per message (since 0.2: AMQP properties for the id,
 * type, time in seconds, content type, correlation id and source service; three headers for what AMQP has no
 * property for). It separates the cost of the envelope itself — encoding, and the broker parsing and storing it —
 * from the cost of the toolkit's code.
 */
export const amqplibRawEnvelope: ContenderRun = async (params, progress) => {
  const name = runName('amqplib-envelope');
  const connection = await amqp.connect(requiredEnvironment('RABBITMQ_URL'), SOCKET_OPTIONS);
  const pair = await rawPair(connection, name, envelopeOptions);
  return measureEndToEnd(pair, params, progress, `amqplib with envelope (queue ${name})`);
};

/** Nagle's algorithm off, as the toolkit does: small frames must not wait for the previous segment's ACK. */
const SOCKET_OPTIONS = { noDelay: true };

const bareOptions = (): Options.Publish => ({
  persistent: true,
  mandatory: true,
  contentType: 'application/json',
});

function envelopeOptions(): Options.Publish {
  const id = randomUUID();
  const now = Date.now();
  return {
    ...bareOptions(),
    messageId: id,
    type: 'bench.message',
    timestamp: Math.floor(now / 1000),
    // A message published outside a handler starts its own causal chain: its correlation id is its id.
    correlationId: id,
    appId: 'bench',
    headers: {
      'pm-topic': 'bench',
      'pm-timestamp': String(now),
      'pm-partition-key': id,
    },
  };
}

async function rawPair(
  connection: ChannelModel,
  name: string,
  options: () => Options.Publish,
): Promise<EndToEndPair> {
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  await consumer.assertExchange(name, 'topic', { durable: true });
  await consumer.assertQueue(name, { durable: true });
  await consumer.bindQueue(name, name, 'bench.message');
  return {
    async startConsumer(handled, failed) {
      await consumer.prefetch(RABBITMQ_PREFETCH);
      await consumer.consume(name, (delivery) => {
        if (!delivery) return failed(new Error(`RabbitMQ cancelled the consumer of queue ${name}`));
        try {
          handled(sequenceOf(delivery.content));
          consumer.ack(delivery);
        } catch (error) {
          failed(error);
        }
      });
    },
    publish: (messages) => publishConfirmed(publisher, name, messages, options),
    async close() {
      try {
        await consumer.deleteQueue(name);
        await consumer.deleteExchange(name);
      } finally {
        await connection.close();
      }
    },
  };
}

function publishConfirmed(
  channel: ConfirmChannel,
  exchange: string,
  messages: readonly BenchMessage[],
  options: () => Options.Publish,
) {
  return new Promise<void>((resolve, reject) => {
    let pending = messages.length;
    const confirmed = (error: unknown) => {
      if (error) return reject(new Error(`RabbitMQ refused a message to exchange ${exchange}: ${error}`));
      if (--pending === 0) resolve();
    };
    const writeFrom = (index: number) => {
      for (let i = index; i < messages.length; i++) {
        const body = Buffer.from(JSON.stringify(messages[i]));
        const writable = channel.publish(exchange, 'bench.message', body, options(), confirmed);
        // The socket is full: continue once it drained instead of buffering without bound.
        if (!writable) return channel.once('drain', () => writeFrom(i + 1));
      }
    };
    writeFrom(0);
  });
}
