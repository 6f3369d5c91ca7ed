import { describeOutageDrill, runOutageDrill } from '@pragmatic-messaging/core/testing';
import type { RabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { expect, it } from 'vitest';
import { clusterNode, drillOrders, untilProgress } from '../../../../scripts/test-support/service-drill.js';
import { clusterDrill, createClusterTransport, whereTheConsumerIs } from '../support/rabbitmq-cluster.js';

const { cluster, databaseUrl, prefix } = clusterDrill('RabbitMQ cluster node-loss drill');
// 10 000 locally, fewer in CI (see drillOrders); the node stays down until a fifth of them (at most 1 000) were
// handled without it.
const orders = drillOrders(10_000);
const handledDown = Math.min(1_000, Math.round(orders / 5));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

it.runIf(cluster && databaseUrl)(
  'a RabbitMQ cluster node lost mid-flow (the quorum queue leader and the consumer connection) loses nothing',
  async () => {
    let handledWhileDown = 0;
    const report = await runOutageDrill({
      name: 'RabbitMQ cluster node lost (quorum queues)',
      // Every transport knows all three nodes and moves on to the next when its node goes away.
      createTransport: (role) =>
        createClusterTransport(cluster!, prefix, { connectionName: `drill-${role}` }),
      databaseUrl: databaseUrl!,
      orders,
      ratePerSecond: 400,
      ordersPerCommit: 25,
      outageAfter: 2_000,
      outage: async (target) => {
        // The consumer declared its queue, so the queue's leader is on the node of the consumer's connection.
        const where = await whereTheConsumerIs(
          cluster!,
          target.consumer as RabbitMqTransport,
          `${prefix}${target.endpoint}`,
        );
        const stopping = Date.now();
        const stopped = clusterNode('stop', where.leader).then(() => Date.now());
        // Handling goes on on the two nodes left: a new leader is elected, the consumer moves to another node.
        await untilProgress(target.handledOrders, 1, 60_000);
        const resumedAfter = Date.now() - stopping;
        handledWhileDown = await untilProgress(target.handledOrders, handledDown, 90_000);
        const stopMs = (await stopped) - stopping;
        const downFor = Date.now() - stopping;
        await clusterNode('start', where.leader);
        return (
          `stopped ${where.leader}, the queue leader's node (the consumer was connected to ${where.connection}; ` +
          `the stop took ${seconds(stopMs)}); handling went on ${seconds(resumedAfter)} after the stop began; ` +
          `${handledWhileDown} orders handled in the ${seconds(downFor)} it was down`
        );
      },
    });
    process.stdout.write(`\n[fault drill] ${describeOutageDrill(report)}\n`);

    expect(report).toMatchObject({ lost: 0, duplicated: 0, phantom: 0, unsent: 0, busStopped: false });
    expect(report.committed).toBe(orders);
    expect(handledWhileDown).toBeGreaterThanOrEqual(handledDown);
    expect(report.notReady.consumer.ms).toBeGreaterThan(0);
    expect(report.readyAgainAfterMs).toBeLessThan(30_000);
    expect(report.drainedAfterMs).toBeLessThan(60_000);
  },
  300_000,
);
