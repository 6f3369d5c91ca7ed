import v8 from 'node:v8';
import { createMessaging, type Transport } from '@pragmatic-messaging/core';
import { createKafkaTransport } from '@pragmatic-messaging/transport-kafka';
import { createRabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { toolkitResources } from '../contenders/toolkit-rabbitmq.js';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { deleteKafkaResources, kafkaBrokers } from '../end-to-end/kafka-cleanup.js';
import { benchMessage } from '../end-to-end/message-payload.js';
import { deleteRabbitMqResources } from '../end-to-end/rabbitmq-cleanup.js';
import { BENCH_ENDPOINT, BenchMessageSent } from '../end-to-end/toolkit-pair.js';

// The heap one publish holds while it waits for the broker's confirm, on the toolkit: every such object lives
// through the young generation's collections and is copied, so it is what the garbage collector's share of a
// busy publisher follows (docs/performance.md, round twelve). Unlike msg/s it is the same on every run.
//
//   npm run build && npm run probe:pending-heap -w bench -- rabbitmq|kafka [--snapshot DIR]
//
// It loads the built packages (tsconfig.run.json), as the bench does: through the sources, tsx's `__name` wrappers
// would add closures of their own.

const PENDING = 5_000;
const ROUNDS = 3;

interface Probed {
  readonly transport: Transport;
  cleanUp(): Promise<void>;
}

function probed(broker: string, prefix: string): Probed {
  if (broker === 'rabbitmq') {
    const url = requiredEnvironment('RABBITMQ_URL');
    return {
      transport: createRabbitMqTransport({ url, prefix, connectionName: 'bench-probe' }),
      cleanUp: () => deleteRabbitMqResources(url, toolkitResources(prefix)),
    };
  }
  if (broker === 'kafka') {
    const brokers = kafkaBrokers(requiredEnvironment('KAFKA_BROKERS'));
    return {
      transport: createKafkaTransport({ brokers, namingPrefix: prefix, partitions: 6 }),
      cleanUp: () =>
        deleteKafkaResources(brokers, {
          topics: [`${prefix}bench`, `${prefix}${BENCH_ENDPOINT}.dlt`],
          groups: [`${prefix}${BENCH_ENDPOINT}`],
        }),
    };
  }
  throw new Error(`Give rabbitmq or kafka, not "${broker}"`);
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with node --expose-gc');
  gc();
  gc();
}

async function probe(broker: string, snapshotDirectory: string | undefined): Promise<void> {
  const prefix = `${runName('probe')}.`;
  const { transport, cleanUp } = probed(broker, prefix);
  const messaging = createMessaging({
    service: 'bench',
    transport,
    publishes: [BenchMessageSent],
    retry: { immediate: 0, delays: [] },
  });
  // RabbitMQ refuses a publish no queue takes; its handler gets the messages once they were measured.
  if (broker === 'rabbitmq') messaging.endpoint(BENCH_ENDPOINT).on(BenchMessageSent, async () => {});
  await messaging.start();
  try {
    const messages = Array.from({ length: PENDING }, (_, seq) => benchMessage(seq, 1024));
    await messaging.publish(BenchMessageSent, messages[0]!);
    for (let round = 1; round <= ROUNDS; round++) {
      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      const last = round === ROUNDS && snapshotDirectory;
      if (last) v8.writeHeapSnapshot(`${snapshotDirectory}/before.heapsnapshot`);
      const pending = messages.map((message) => messaging.publish(BenchMessageSent, message));
      // One turn of the event loop: every publish went through the pipeline and is on its way to the broker.
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbage();
      const during = process.memoryUsage().heapUsed;
      if (last) v8.writeHeapSnapshot(`${snapshotDirectory}/pending.heapsnapshot`);
      await Promise.all(pending);
      const perPublish = Math.round((during - before) / PENDING);
      process.stdout.write(
        `${broker} round ${round}: ${perPublish} B of heap per publish awaiting its confirm\n`,
      );
    }
  } finally {
    await messaging.stop();
    await cleanUp();
  }
}

const [broker = '', flag, directory] = process.argv.slice(2);
await probe(broker, flag === '--snapshot' ? directory : undefined);
