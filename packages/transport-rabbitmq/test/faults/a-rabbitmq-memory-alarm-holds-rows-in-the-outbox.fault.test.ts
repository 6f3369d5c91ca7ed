import { randomUUID } from 'node:crypto';
import { PublishError } from '@pragmatic-messaging/core';
import { describeOutageDrill, runOutageDrill } from '@pragmatic-messaging/core/testing';
import { afterAll, expect, it } from 'vitest';
import { rabbitmqClusterCtl, untilProgress } from '../../../../scripts/test-support/service-drill.js';
import { clusterDrill, createClusterTransport } from '../support/rabbitmq-cluster.js';

const { cluster, databaseUrl, prefix } = clusterDrill('RabbitMQ memory alarm drill');
const PUBLISH_TIMEOUT_MS = 2_000;
// A watermark no node can stay under: the alarm goes off at once, and it is cluster-wide.
const ALARM = ['set_vm_memory_high_watermark', '0.0000001'];
const NO_ALARM = ['set_vm_memory_high_watermark', '0.4'];

afterAll(async () => {
  if (!cluster) return;
  await rabbitmqClusterCtl('rabbitmq-1', NO_ALARM);
});

it.runIf(cluster && databaseUrl)(
  'a RabbitMQ memory alarm blocks publishers: publishes time out, the outbox holds the rows and delivers them after it clears',
  async () => {
    let probe: { error: unknown; ms: number } | undefined;
    let heldInOutbox = 0;
    const report = await runOutageDrill({
      name: 'RabbitMQ memory alarm (cluster)',
      createTransport: (role) =>
        createClusterTransport(cluster!, prefix, {
          connectionName: `drill-${role}`,
          publishTimeoutMs: PUBLISH_TIMEOUT_MS,
        }),
      databaseUrl: databaseUrl!,
      orders: 1_500,
      ratePerSecond: 150,
      ordersPerCommit: 10,
      outageAfter: 300,
      outage: async (target) => {
        await rabbitmqClusterCtl('rabbitmq-1', ALARM);
        // A direct publish meanwhile: the broker withholds its confirm, so it fails after publishTimeoutMs. Its type
        // has no binding, so had it gone through nobody would handle it.
        const sent = Date.now();
        probe = await target.producer
          .send([
            {
              id: randomUUID(),
              type: `${target.messageType}.probe`,
              topic: target.topic,
              headers: {},
              body: new TextEncoder().encode('{}'),
              timestamp: Date.now(),
            },
          ])
          .then(
            () => ({ error: undefined, ms: Date.now() - sent }),
            (error: unknown) => ({ error, ms: Date.now() - sent }),
          );
        // Commits go on: their rows wait in the outbox while the relay's publishes time out.
        heldInOutbox = await untilProgress(target.unsentRows, 300, 60_000).then(() => target.unsentRows());
        await rabbitmqClusterCtl('rabbitmq-1', NO_ALARM);
        return `a direct publish failed after ${(probe.ms / 1000).toFixed(1)} s; ${heldInOutbox} rows held in the outbox when the alarm was cleared`;
      },
    });
    process.stdout.write(`\n[fault drill] ${describeOutageDrill(report)}\n`);

    expect(report).toMatchObject({ lost: 0, duplicated: 0, phantom: 0, unsent: 0, busStopped: false });
    expect(report.committed).toBe(1_500);
    expect(report.refusedCommits).toBe(0);
    expect(probe!.error).toBeInstanceOf(PublishError);
    expect((probe!.error as Error).message).toMatch(/within 2000ms; publishing is blocked by the broker/);
    expect(probe!.ms).toBeGreaterThanOrEqual(PUBLISH_TIMEOUT_MS - 50);
    expect(probe!.ms).toBeLessThan(PUBLISH_TIMEOUT_MS + 3_000);
    expect(heldInOutbox).toBeGreaterThanOrEqual(300);
    expect(report.notReady.producer.reasons.join(' ')).toMatch(/publishing fails/);
    expect(report.drainedAfterMs).toBeLessThan(30_000);
  },
  300_000,
);
