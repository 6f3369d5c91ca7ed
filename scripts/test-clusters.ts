// vitest global setup of the `faults` project only: the RabbitMQ and Kafka clusters the cluster drills run on.
//
// vitest calls a project's global setup only when that project has tests queued, so the clusters (3 RabbitMQ nodes
// and 3 Kafka brokers: heavy) are started only when fault drills run — `npm test`, `vitest run --project faults`, or
// one drill file — and never for a run of other tests. Where RABBITMQ_CLUSTER_URLS and KAFKA_CLUSTER_BROKERS are
// set (`eval "$(bash scripts/services.sh up --cluster)"`, or .ci/run), the running clusters are used and left
// running. Otherwise this starts them with scripts/services.sh and stops them again at teardown; `up` starts them on
// empty data, so nothing of a run is left for the next. TEST_BROKERS=none turns this off (the drills then skip, or
// fail in CI).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseExports } from './test-support/service-exports.js';

const script = fileURLToPath(new URL('./services.sh', import.meta.url));
const CLUSTER_VARIABLES = ['RABBITMQ_CLUSTER_URLS', 'KAFKA_CLUSTER_BROKERS'];
let startedHere = false;

export function setup(): void {
  if (process.env.TEST_BROKERS === 'none') return;
  if (CLUSTER_VARIABLES.every((variable) => process.env[variable])) return;
  process.stderr.write(
    `[test-clusters] fault drills queued; starting the clusters with ${script} up --cluster\n`,
  );
  const started = Date.now();
  const result = spawnSync('bash', [script, 'up', '--cluster'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) {
    process.stderr.write(
      `[test-clusters] scripts/services.sh up --cluster failed (exit ${result.status}); the cluster drills will skip\n`,
    );
    return;
  }
  startedHere = true;
  Object.assign(process.env, parseExports(result.stdout));
  process.stderr.write(`[test-clusters] clusters up in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

export function teardown(): void {
  if (!startedHere) return;
  // Heavy, and only the drills use them: stop them (their data goes with the next `up`).
  spawnSync('bash', [script, 'down', 'rabbitmq-cluster', 'kafka-cluster'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
