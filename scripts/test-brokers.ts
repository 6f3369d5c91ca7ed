// vitest global setup: brokers for the integration suites.
//
// The suites find RabbitMQ, PostgreSQL and Kafka through RABBITMQ_URL, DATABASE_URL and KAFKA_BROKERS, which
// `scripts/services.sh` prints (native processes: our machines have no Docker engine). Where a variable is missing
// and a Docker engine exists, this starts the broker with testcontainers and sets the variable for the test files.
// Without either, the suites skip with a loud notice — and fail in CI (see brokerFromEnvironment).

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
  for (const broker of brokers) {
    if (process.env[broker.variable]) continue;
    try {
      const running = await broker.start();
      started.push(running);
      Object.assign(process.env, running.variables);
      process.stderr.write(`[test-brokers] started ${broker.variable} with testcontainers\n`);
    } catch (error) {
      if (NO_DOCKER.test(String((error as Error)?.message))) {
        // No Docker engine: nothing else can be started this way either.
        process.stderr.write(
          '[test-brokers] no Docker engine; broker suites without their variable will skip\n',
        );
        return;
      }
      throw error;
    }
  }
}

export async function teardown(): Promise<void> {
  await Promise.allSettled(started.map((broker) => broker.stop()));
}
