// A consumer of an outage drill in a process of its own, so a drill can kill it with SIGKILL mid-flow (see
// a-consumer-killed-mid-flow-loses-nothing.fault.test.ts). Started with `node --import tsx` and these variables:
//   DRILL_RUN, DRILL_PREFIX, DATABASE_URL, RABBITMQ_CLUSTER_URLS
// It prints "consuming" once it consumes, and then never stops by itself.
import { createPostgresStore } from '@pragmatic-messaging/core';
import { createOutageDrillConsumer } from '@pragmatic-messaging/core/testing';
import { createClusterTransport } from '../../support/rabbitmq-cluster.js';

const run = process.env.DRILL_RUN!;
const store = await createPostgresStore({
  connectionString: process.env.DATABASE_URL!,
  schema: `drill_${run}`,
  maxConnections: 6,
});
const consumer = createOutageDrillConsumer({
  run,
  transport: createClusterTransport(
    { urls: process.env.RABBITMQ_CLUSTER_URLS!.split(','), managementUrls: [] },
    process.env.DRILL_PREFIX!,
    { connectionName: 'drill-doomed-consumer' },
  ),
  store,
  // Slow handlers: at any moment this process holds several orders, in handlers and in its prefetch buffer.
  handlingMs: 50,
});
await consumer.start();
process.stdout.write('consuming\n');
