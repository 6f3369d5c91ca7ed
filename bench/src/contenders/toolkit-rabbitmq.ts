import { createMessaging } from '@pragmatic-messaging/core';
import { createRabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { measureEndToEnd } from '../end-to-end/end-to-end-driver.js';
import { deleteRabbitMqResources } from '../end-to-end/rabbitmq-cleanup.js';
import { BENCH_ENDPOINT, toolkitPair } from '../end-to-end/toolkit-pair.js';
import type { ContenderRun } from '../figures.js';
import { RABBITMQ_PREFETCH } from './amqplib-raw.js';

/** Delayed retry used by the toolkit contenders: provisioned like in production, never triggered here. */
export const BENCH_RETRY = { immediate: 0, delays: [1_000] } as const;

/**
 * Our toolkit on RabbitMQ with the raw client's guarantees: `publish` resolves on the publisher confirm,
 * messages are persistent and mandatory, the bus acks after the handler, same prefetch.
 */
export const toolkitRabbitMq: ContenderRun = async (params, progress) => {
  const url = requiredEnvironment('RABBITMQ_URL');
  const prefix = `${runName('toolkit')}.`;
  const messaging = createMessaging({
    service: 'bench',
    transport: createRabbitMqTransport({ url, prefix, connectionName: 'bench' }),
    retry: BENCH_RETRY,
  });
  const pair = toolkitPair(messaging, { prefetch: RABBITMQ_PREFETCH, concurrency: 64 }, () =>
    deleteRabbitMqResources(url, toolkitResources(prefix)),
  );
  return measureEndToEnd(pair, params, progress, `toolkit on RabbitMQ (prefix ${prefix})`);
};

export function toolkitResources(prefix: string) {
  const endpoint = `${prefix}${BENCH_ENDPOINT}`;
  return {
    queues: [endpoint, `${endpoint}.retry-1000ms`, `${endpoint}.dead-letter`],
    exchanges: [`${prefix}bench`, `${endpoint}.dead-letter`],
  };
}
