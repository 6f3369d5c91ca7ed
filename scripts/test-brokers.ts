// vitest global setup: brokers for the integration suites.
//
// The suites find RabbitMQ, PostgreSQL, Kafka and our Service Bus emulator through RABBITMQ_URL, DATABASE_URL,
// KAFKA_BROKERS and ASB_EMULATOR_CONNECTION_STRING (+ ASB_EMULATOR_CA_FILE, NODE_EXTRA_CA_CERTS), which
// `scripts/services.sh` prints (native processes: our machines have no Docker engine). Where a variable is missing
// and a Docker engine exists, this starts the broker with testcontainers and sets the variable for the test files.
// Without Docker, it starts them natively with scripts/services.sh. If that fails too, the suites skip with a loud
// notice — and fail in CI (see brokerFromEnvironment).

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseExports } from './test-support/service-exports.js';

interface StartedBroker {
  readonly variables: Record<string, string>;
  stop(): Promise<unknown>;
}

const started: StartedBroker[] = [];

const brokers: { readonly variable: string; readonly start: () => Promise<StartedBroker> }[] = [
  {
    variable: 'RABBITMQ_URL',
    start: async () => {
      const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
      const container = await new RabbitMQContainer('rabbitmq:3.13-management').start();
      // Partitioned endpoints use the consistent-hash exchange; the management API is used to cut connections.
      await container.exec(['rabbitmq-plugins', 'enable', 'rabbitmq_consistent_hash_exchange']);
      const host = container.getHost();
      return {
        variables: {
          RABBITMQ_URL: container.getAmqpUrl(),
          RABBITMQ_MANAGEMENT_URL: `http://guest:guest@${host}:${container.getMappedPort(15672)}`,
        },
        stop: () => container.stop(),
      };
    },
  },
  {
    variable: 'DATABASE_URL',
    start: async () => {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const container = await new PostgreSqlContainer('postgres:15')
        .withCommand(['postgres', '-c', 'max_connections=300'])
        .start();
      return { variables: { DATABASE_URL: container.getConnectionUri() }, stop: () => container.stop() };
    },
  },
  {
    variable: 'KAFKA_BROKERS',
    start: async () => {
      const { KafkaContainer } = await import('@testcontainers/kafka');
      // Topics must not be created on first use: the transport reports a missing topic.
      const container = await new KafkaContainer('confluentinc/cp-kafka:7.6.1')
        .withKraft()
        .withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' })
        .start();
      return {
        variables: { KAFKA_BROKERS: `${container.getHost()}:${container.getMappedPort(9093)}` },
        stop: () => container.stop(),
      };
    },
  },
];

const NO_DOCKER = /container runtime strategy/i;

export async function setup(): Promise<void> {
  const missingAfterContainers = await startWithTestcontainers();
  // Our Service Bus emulator has no container image: it always runs natively.
  const missingNativeOnly = NATIVE_ONLY.filter((variable) => !process.env[variable]);
  const missing = [...missingAfterContainers, ...missingNativeOnly];
  if (missing.length > 0) startNatively(missing);
}

/** Starts what is missing with testcontainers; returns the variables still missing (all of them without Docker). */
async function startWithTestcontainers(): Promise<string[]> {
  const missing = brokers.filter((broker) => !process.env[broker.variable]);
  for (const [index, broker] of missing.entries()) {
    try {
      const running = await broker.start();
      started.push(running);
      Object.assign(process.env, running.variables);
      process.stderr.write(`[test-brokers] started ${broker.variable} with testcontainers\n`);
    } catch (error) {
      if (!NO_DOCKER.test(String((error as Error)?.message))) throw error;
      // No Docker engine: nothing else can be started this way either.
      return missing.slice(index).map((broker) => broker.variable);
    }
  }
  return [];
}

const NATIVE_SERVICE: Record<string, string> = {
  RABBITMQ_URL: 'rabbitmq',
  DATABASE_URL: 'postgres',
  KAFKA_BROKERS: 'kafka',
  ASB_EMULATOR_CONNECTION_STRING: 'asb-emulator',
};
const NATIVE_ONLY = ['ASB_EMULATOR_CONNECTION_STRING'];

/**
 * Without Docker, `npm test` starts the missing brokers natively with scripts/services.sh (Debian packages and
 * Maven Central jars, as CI does), so the README's one test command works on a fresh machine. They keep running
 * after the tests, and the next run reuses them. TEST_BROKERS=none turns this off (the suites then skip, or fail
 * in CI).
 */
function startNatively(variables: readonly string[]): void {
  if (process.env.TEST_BROKERS === 'none') return;
  const services = variables.map((variable) => NATIVE_SERVICE[variable]).filter(Boolean) as string[];
  const script = fileURLToPath(new URL('./services.sh', import.meta.url));
  process.stderr.write(`[test-brokers] no Docker engine; starting ${services.join(', ')} with ${script}\n`);
  const result = spawnSync('bash', [script, 'up', ...services], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) {
    process.stderr.write(
      `[test-brokers] scripts/services.sh failed (exit ${result.status}); suites without their broker will skip\n`,
    );
    return;
  }
  Object.assign(process.env, parseExports(result.stdout));
}

export async function teardown(): Promise<void> {
  await Promise.allSettled(started.map((broker) => broker.stop()));
}
