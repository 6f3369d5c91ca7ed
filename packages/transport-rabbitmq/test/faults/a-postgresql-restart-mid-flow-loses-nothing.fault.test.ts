import { describeOutageDrill, runOutageDrill } from '@pragmatic-messaging/core/testing';
import { expect, it } from 'vitest';
import { restartService } from '../../../../scripts/test-support/service-drill.js';
import { clusterDrill, createClusterTransport } from '../support/rabbitmq-cluster.js';

const { cluster, databaseUrl, prefix } = clusterDrill('PostgreSQL restart drill');

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
