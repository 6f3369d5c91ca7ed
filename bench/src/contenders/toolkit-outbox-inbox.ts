import { createMessaging, createPostgresStore } from '@pragmatic-messaging/core';
import { createRabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import pg from 'pg';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { measureEndToEnd } from '../end-to-end/end-to-end-driver.js';
import { deleteRabbitMqResources } from '../end-to-end/rabbitmq-cleanup.js';
import { BenchMessageSent, toolkitPair } from '../end-to-end/toolkit-pair.js';
import type { ContenderRun } from '../figures.js';
import { RABBITMQ_PREFETCH } from './amqplib-raw.js';
import { BENCH_RETRY, toolkitResources } from './toolkit-rabbitmq.js';

/** Connections of the store's pool: enough for the publishing transactions and the consumer's at once. */
const POOL_SIZE = 20;

/**
 * The toolkit with the transactional outbox and the inbox on PostgreSQL: each message is published inside its own
 * database transaction (an outbox row; the relay publishes it after commit, with confirms), and each handling
 * runs in a transaction that first records the message id in the inbox. Compared with direct publish.
 */
export const toolkitOutboxInbox: ContenderRun = async (params, progress) => {
  const url = requiredEnvironment('RABBITMQ_URL');
  const name = runName('outbox');
  const schema = name.replaceAll('-', '_');
  // Pipelined, as the store's own pool is: a transaction's statements go out without waiting for each answer.
  const pool = new pg.Pool({
    connectionString: requiredEnvironment('DATABASE_URL'),
    max: POOL_SIZE,
    pipeline: true,
  });
  const store = await createPostgresStore({ pool, schema });
  await store.migrate();
  const prefix = `${name}.`;
  const messaging = createMessaging({
    service: 'bench',
    transport: createRabbitMqTransport({ url, prefix, connectionName: 'bench' }),
    retry: BENCH_RETRY,
    store,
  });
  const cleanUp = async () => {
    try {
      await deleteRabbitMqResources(url, toolkitResources(prefix));
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await pool.end();
    }
  };
  const pair = toolkitPair(
    messaging,
    { prefetch: RABBITMQ_PREFETCH, concurrency: POOL_SIZE / 2 },
    cleanUp,
    (message) => messaging.transaction(() => messaging.publish(BenchMessageSent, message)),
  );
  return measureEndToEnd(pair, params, progress, `toolkit outbox + inbox (schema ${schema})`);
};
