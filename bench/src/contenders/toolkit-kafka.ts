import { createMessaging } from '@pragmatic-messaging/core';
import { createKafkaTransport, type KafkaTransportOptions } from '@pragmatic-messaging/transport-kafka';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { measureEndToEnd } from '../end-to-end/end-to-end-driver.js';
import { deleteKafkaResources, kafkaBrokers } from '../end-to-end/kafka-cleanup.js';
import { BENCH_ENDPOINT, toolkitPair } from '../end-to-end/toolkit-pair.js';
import type { ContenderRun, ProgressReporter, RunParams } from '../figures.js';
import { KAFKA_PARTITIONS } from './kafkajs-raw.js';
import { BENCH_RETRY } from './toolkit-rabbitmq.js';

/**
 * Our toolkit on Kafka with `client: 'kafkajs'` and the raw client's guarantees: its kafkajs producer is
 * idempotent with acks=all (always, not configurable), `publish` resolves once the broker acknowledged, offsets
 * are committed only after the handler finished. Same partition count and fetch wait as the raw consumer.
 */
export const toolkitKafka: ContenderRun = (params, progress) => runToolkit(params, progress, 'kafkajs');

/** The same toolkit on its default client library, @platformatic/kafka (the transport's `client` option). */
export const toolkitKafkaPlatformatic: ContenderRun = (params, progress) =>
  runToolkit(params, progress, 'platformatic');

const runToolkit = async (
  params: RunParams,
  progress: ProgressReporter,
  client: NonNullable<KafkaTransportOptions['client']>,
) => {
  const brokers = kafkaBrokers(requiredEnvironment('KAFKA_BROKERS'));
  const prefix = `${runName(client === 'kafkajs' ? 'toolkit' : 'toolkit-platformatic')}.`;
  const messaging = createMessaging({
    service: 'bench',
    transport: createKafkaTransport({
      client,
      brokers,
      namingPrefix: prefix,
      partitions: KAFKA_PARTITIONS,
      maxWaitTimeMs: 100,
    }),
    retry: BENCH_RETRY,
  });
  const endpoint = `${prefix}${BENCH_ENDPOINT}`;
  const pair = toolkitPair(messaging, { concurrency: 64 }, () =>
    deleteKafkaResources(brokers, {
      topics: [`${prefix}bench`, `${endpoint}.retry-1000ms`, `${endpoint}.replay`, `${endpoint}.dlt`],
      groups: [endpoint, `${endpoint}.retry-1000ms`, `${endpoint}.replay`],
    }),
  );
  return measureEndToEnd(pair, params, progress, `toolkit on Kafka, ${client} (prefix ${prefix})`);
};
