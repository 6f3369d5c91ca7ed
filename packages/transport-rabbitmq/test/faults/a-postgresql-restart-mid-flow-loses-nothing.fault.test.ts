import { randomUUID } from 'node:crypto';
import {
  brokerFromEnvironment,
  describeOutageDrill,
  runOutageDrill,
} from '@pragmatic-messaging/core/testing';
import { afterAll, expect, it } from 'vitest';
import { restartService } from '../../../../scripts/test-support/service-drill.js';
import { deleteResourcesWithPrefix } from '../support/management-api.js';
import {
  createClusterTransport,
  rabbitMqClusterFromEnvironment,
  runningManagement,
} from '../support/rabbitmq-cluster.js';
import { VHOST } from '../support/rabbitmq-test-world.js';

const cluster = rabbitMqClusterFromEnvironment('PostgreSQL restart drill');
const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'PostgreSQL restart drill');
const prefix = `drill-${randomUUID().slice(0, 8)}.`;

afterAll(async () => {
  if (cluster) await deleteResourcesWithPrefix(await runningManagement(cluster), VHOST, prefix);
});

it.runIf(cluster && databaseUrl)(
  'a PostgreSQL restart mid-flow loses nothing: commits are refused meanwhile, every committed order is handled once',
  async () => {
    // The broker (the RabbitMQ cluster, quorum queues) stays up: the outage is the database's alone, and outbox,
    // relay, inbox and handler all lose it.
    const report = await runOutageDrill({
      name: 'PostgreSQL restart (RabbitMQ cluster)',
      createTransport: (role) =>
        createClusterTransport(cluster!, prefix, { connectionName: `drill-${role}` }),
      databaseUrl: databaseUrl!,
      outage: () => restartService('postgres'),
    });
    process.stdout.write(`\n[fault drill] ${describeOutageDrill(report)}\n`);

    expect(report).toMatchObject({ lost: 0, duplicated: 0, phantom: 0, unsent: 0, busStopped: false });
    expect(report.committed).toBe(300);
    expect(report.refusedCommits).toBeGreaterThan(0);
    expect(report.notReady.producer.ms).toBeGreaterThan(0);
    expect(report.readyAgainAfterMs).toBeLessThan(30_000);
    expect(report.drainedAfterMs).toBeLessThan(30_000);
  },
  240_000,
);
