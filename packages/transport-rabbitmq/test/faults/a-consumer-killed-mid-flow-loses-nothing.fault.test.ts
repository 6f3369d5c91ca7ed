import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describeOutageDrill, runOutageDrill } from '@pragmatic-messaging/core/testing';
import { afterAll, expect, it } from 'vitest';
import { untilProgress } from '../../../../scripts/test-support/service-drill.js';
import { deleteResourcesWithPrefix } from '../support/management-api.js';
import { clusterDrill, createClusterTransport, runningManagement } from '../support/rabbitmq-cluster.js';
import { VHOST } from '../support/rabbitmq-test-world.js';

const { cluster, databaseUrl, prefix } = clusterDrill('consumer SIGKILL drill');
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const consumerScript = fileURLToPath(new URL('./support/drill-consumer-process.ts', import.meta.url));
let doomed: ChildProcess | undefined;

afterAll(async () => {
  doomed?.kill('SIGKILL');
  if (cluster) await deleteResourcesWithPrefix(await runningManagement(cluster), VHOST, prefix);
});

/** A second consumer of the drill's endpoint in a process of its own; resolves once it consumes. */
async function startDoomedConsumer(run: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', consumerScript], {
    cwd: root,
    // The sources, not the builds: tsx resolves the packages through the paths of tsconfig.base.json.
    env: {
      ...process.env,
      DRILL_RUN: run,
      DRILL_PREFIX: prefix,
      TSX_TSCONFIG_PATH: `${root}tsconfig.base.json`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`The consumer process exited (${code}) before it consumed: ${output}`);
  });
  const consuming = (async () => {
    while (!output.includes('consuming')) await once(child.stdout!, 'data');
  })();
  await Promise.race([consuming, exited]);
  return child;
}

it.runIf(cluster && databaseUrl)(
  'a consumer killed with SIGKILL mid-flow loses nothing: what it held comes back to the other consumer, handled once',
  async () => {
    let killedAfter = 0;
    const report = await runOutageDrill({
      name: 'Consumer process SIGKILL (RabbitMQ cluster)',
      createTransport: (role) =>
        createClusterTransport(cluster!, prefix, { connectionName: `drill-${role}` }),
      databaseUrl: databaseUrl!,
      orders: 2_000,
      ratePerSecond: 200,
      ordersPerCommit: 10,
      outageAfter: 600,
      beforeFlow: async (target) => {
        doomed = await startDoomedConsumer(target.run);
      },
      outage: async (target) => {
        // Both consumers share the flow for a while, then one dies without a word: no ack, no close, no stop().
        killedAfter = await untilProgress(target.handledOrders, 200, 60_000);
        const exited = once(doomed!, 'exit');
        doomed!.kill('SIGKILL');
        const [, signal] = await exited;
        return `the second consumer process was killed (${signal}) after ${killedAfter} more orders were handled`;
      },
    });
    process.stdout.write(`\n[fault drill] ${describeOutageDrill(report)}\n`);

    expect(report).toMatchObject({ lost: 0, duplicated: 0, phantom: 0, unsent: 0, busStopped: false });
    expect(report.committed).toBe(2_000);
    expect(report.outageDetail).toContain('SIGKILL');
    // What the killed process held unacknowledged was delivered again, to the consumer left, and handled once.
    expect(report.redelivered).toBeGreaterThan(0);
    expect(report.drainedAfterMs).toBeLessThan(30_000);
  },
  300_000,
);
