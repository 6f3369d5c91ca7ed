import { createMessaging } from '@pragmatic-messaging/core';
import { createKafkaTransport } from '@pragmatic-messaging/transport-kafka';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { measureEndToEnd } from '../end-to-end/end-to-end-driver.js';
import { deleteKafkaResources, kafkaBrokers } from '../end-to-end/kafka-cleanup.js';
import { BENCH_ENDPOINT, toolkitPair } from '../end-to-end/toolkit-pair.js';
import type { ContenderRun } from '../figures.js';
import { KAFKA_PARTITIONS } from './kafkajs-raw.js';
import { BENCH_RETRY } from './toolkit-rabbitmq.js';

/**
 * Our toolkit on Kafka with the raw client's guarantees: its kafkajs producer is idempotent with acks=all
 * (always, not configurable), `publish` resolves once the broker acknowledged, offsets are committed only after
 * the handler finished. Same partition count and fetch wait as the raw consumer.
 */
export const toolkitKafka: ContenderRun = async (params, progress) => {
  const brokers = kafkaBrokers(requiredEnvironment('KAFKA_BROKERS'));
  const prefix = `${runName('toolkit')}.`;
  const messaging = createMessaging({
    service: 'bench',
    transport: createKafkaTransport({
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
  return measureEndToEnd(pair, params, progress, `toolkit on Kafka (prefix ${prefix})`);
};
