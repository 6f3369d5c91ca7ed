import { randomUUID } from 'node:crypto';
import {
  AbstractAmqpQueueConsumer,
  AbstractAmqpQueuePublisher,
  type AMQPConsumerDependencies,
  AmqpConnectionManager,
  AmqpConsumerErrorResolver,
} from '@message-queue-toolkit/amqp';
import { MessageHandlerConfigBuilder } from '@message-queue-toolkit/core';
import { z } from 'zod';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { measureEndToEnd } from '../end-to-end/end-to-end-driver.js';
import type { EndToEndPair } from '../end-to-end/end-to-end-pair.js';
import { benchMessageSchema } from '../end-to-end/message-payload.js';
import { deleteRabbitMqResources } from '../end-to-end/rabbitmq-cleanup.js';
import type { ContenderRun } from '../figures.js';

// message-queue-toolkit routes and deduplicates by `type` and `id` fields inside the message itself.
const mqtMessageSchema = benchMessageSchema.extend({
  id: z.string(),
  type: z.literal('bench.message'),
  timestamp: z.string().optional(),
});
type MqtMessage = z.infer<typeof mqtMessageSchema>;

const queueConfig = (queueName: string) => ({
  messageTypeResolver: { messageTypePath: 'type' },
  creationConfig: { queueName, queueOptions: { durable: true, autoDelete: false } },
  handlerSpy: false,
  logMessages: false,
});

class BenchPublisher extends AbstractAmqpQueuePublisher<MqtMessage> {
  constructor(dependencies: AMQPConsumerDependencies, queueName: string) {
    super(dependencies, { ...queueConfig(queueName), messageSchemas: [mqtMessageSchema] });
  }
}

class BenchConsumer extends AbstractAmqpQueueConsumer<MqtMessage, undefined> {
  constructor(dependencies: AMQPConsumerDependencies, queueName: string, handled: (seq: number) => void) {
    const handlers = new MessageHandlerConfigBuilder<MqtMessage, undefined>()
      .addConfig(mqtMessageSchema, async (message: MqtMessage) => {
        handled(message.seq);
        return { result: 'success' as const };
      })
      .build();
    super(dependencies, { ...queueConfig(queueName), handlers }, undefined);
  }
}

/**
 * @message-queue-toolkit/amqp as its documentation shows it, with the strongest settings it offers: durable queue,
 * persistent messages, ack after the handler. It cannot match the raw client's guarantees: `publish` writes on a
 * plain channel and returns at once (no publisher confirms, socket backpressure ignored), and the consumer sets no
 * prefetch. So "done" here is measured where it is for everyone: when the consumer handled the last message.
 */
export const messageQueueToolkitPeer: ContenderRun = async (params, progress) => {
  const url = requiredEnvironment('RABBITMQ_URL');
  const queueName = runName('mqt');
  const dependencies = silentDependencies();
  const connections = new AmqpConnectionManager(amqpConfig(url), dependencies.logger);
  await connections.init();
  const deps = { ...dependencies, amqpConnectionManager: connections };
  const publisher = new BenchPublisher(deps, queueName);
  const pair: EndToEndPair = {
    async startConsumer(handled) {
      await new BenchConsumer(deps, queueName, handled).start();
      await publisher.init();
    },
    async publish(messages) {
      for (const message of messages) {
        publisher.publish(
          { ...message, id: randomUUID(), type: 'bench.message' },
          { publishOptions: { persistent: true } },
        );
      }
    },
    async close() {
      try {
        // The manager closes every publisher and consumer it handed its connection to.
        await connections.close();
      } finally {
        await deleteRabbitMqResources(url, { queues: [queueName], exchanges: [] });
      }
    },
  };
  return measureEndToEnd(pair, params, progress, `message-queue-toolkit (queue ${queueName})`);
};

function amqpConfig(url: string) {
  const parsed = new URL(url);
  return {
    hostname: parsed.hostname,
    port: Number(parsed.port || 5672),
    username: decodeURIComponent(parsed.username || 'guest'),
    password: decodeURIComponent(parsed.password || 'guest'),
    vhost: decodeURIComponent(parsed.pathname.slice(1)),
    useTls: parsed.protocol === 'amqps:',
  };
}

/** Quiet collaborators: the benchmark measures messaging, not logging or error reporting. */
function silentDependencies(): Omit<AMQPConsumerDependencies, 'amqpConnectionManager'> {
  const ignore = () => {};
  const logger = {
    level: 'silent',
    fatal: ignore,
    error: ignore,
    warn: ignore,
    info: ignore,
    debug: ignore,
    trace: ignore,
    silent: ignore,
    isLevelEnabled: () => false,
    child: () => logger,
  };
  return {
    logger: logger as unknown as AMQPConsumerDependencies['logger'],
    errorReporter: { report: ignore },
    consumerErrorResolver: new AmqpConsumerErrorResolver(),
    transactionObservabilityManager: {
      start: ignore,
      startWithGroup: ignore,
      stop: ignore,
      addCustomAttributes: ignore,
    },
  };
}
