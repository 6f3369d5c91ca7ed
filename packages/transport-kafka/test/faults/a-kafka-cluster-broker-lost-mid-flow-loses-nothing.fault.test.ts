import {
  brokerFromEnvironment,
  describeOutageDrill,
  runOutageDrill,
} from '@pragmatic-messaging/core/testing';
import { expect, it } from 'vitest';
import { clusterNode, drillOrders, untilProgress } from '../../../../scripts/test-support/service-drill.js';
import { createTestKafkaTransport } from '../kafka-test-transport.js';
import { partitionLeadership } from '../support/kafka-cluster.js';

const brokers = brokerFromEnvironment('KAFKA_CLUSTER_BROKERS', 'Kafka cluster broker-loss drill');
const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'Kafka cluster broker-loss drill');
// 10 000 locally, fewer in CI (see drillOrders); the node stays down until a fifth of them (at most 1 000) were
// handled without it.
const orders = drillOrders(10_000);
const handledDown = Math.min(1_000, Math.round(orders / 5));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

it.runIf(brokers && databaseUrl)(
  'a Kafka cluster broker lost mid-flow (the leader of most partitions) loses nothing with replication factor 3',
  async () => {
    let handledWhileDown = 0;
    let replication = '';
    const report = await runOutageDrill({
      name: 'Kafka cluster broker lost (RF 3, min ISR 2)',
      // The whole broker list: bootstrapping and metadata survive any one broker being gone.
      createTransport: () => createTestKafkaTransport(brokers!, { replicationFactor: 3 }),
      databaseUrl: databaseUrl!,
      orders,
      ratePerSecond: 400,
      ordersPerCommit: 25,
      outageAfter: 2_000,
      outage: async (target) => {
        const before = await partitionLeadership(brokers!, target.topic);
        const node = `kafka-${before.leader}` as const;
        const stopping = Date.now();
        const stopped = clusterNode('stop', node as 'kafka-1').then(() => Date.now());
        // The other two take over its partitions (min.insync.replicas 2 still holds) and the group coordinator.
        await untilProgress(target.handledOrders, 1, 90_000);
        const resumedAfter = Date.now() - stopping;
        handledWhileDown = await untilProgress(target.handledOrders, handledDown, 120_000);
        const stopMs = (await stopped) - stopping;
        const during = await partitionLeadership(brokers!, target.topic);
        replication = `replicas ${before.replicas.join('/')}, in sync ${before.inSync.join('/')} before, ${during.inSync.join('/')} while down`;
        const downFor = Date.now() - stopping;
        await clusterNode('start', node as 'kafka-1');
        return (
          `stopped ${node}, the leader of most partitions (the stop took ${seconds(stopMs)}); handling went on ` +
          `${seconds(resumedAfter)} after the stop began; ${handledWhileDown} orders handled in the ${seconds(downFor)} ` +
          `it was down; ${replication}`
        );
      },
    });
    process.stdout.write(`\n[fault drill] ${describeOutageDrill(report)}\n`);

    expect(report).toMatchObject({ lost: 0, duplicated: 0, phantom: 0, unsent: 0, busStopped: false });
    expect(report.committed).toBe(orders);
    expect(handledWhileDown).toBeGreaterThanOrEqual(handledDown);
    expect(replication).toMatch(/^replicas 3\/3/);
    expect(report.drainedAfterMs).toBeLessThan(60_000);
  },
  360_000,
);
