import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { type Consumer, type ISocketFactory, Kafka, logLevel, type Producer } from 'kafkajs';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { CoalescingSender } from '../end-to-end/coalescing-sender.js';
import { measureEndToEnd } from '../end-to-end/end-to-end-driver.js';
import type { EndToEndPair } from '../end-to-end/end-to-end-pair.js';
import { deleteKafkaResources, kafkaBrokers } from '../end-to-end/kafka-cleanup.js';
import { type BenchMessage, sequenceOf } from '../end-to-end/message-payload.js';
import type { ContenderRun, ProgressReporter, RunParams } from '../figures.js';

/** Partitions of the benchmark topic: the toolkit's default, so both sides spread the load alike. */
export const KAFKA_PARTITIONS = 6;

/**
 * The baseline: kafkajs written as well as it allows. Idempotent producer (acks=all, one request in flight, as
 * idempotence requires), what arrives while a request is in flight sent together in the next one; a consumer
 * group with `eachBatch` over all partitions at once, each offset resolved after its message was handled and
 * committed after the batch.
 */
export const kafkajsRaw: ContenderRun = (params, progress) =>
  runRaw(params, progress, 'kafkajs', bareHeaders);

/**
 * The same raw client writing the headers the toolkit writes per record (since the `pm` header: its own fields —
 * id, type, timestamp and the correlation id and source service — as one JSON header, and `content-type` apart).
 * It separates the cost of the envelope itself — encoding and decoding it, bigger records to checksum, send and
 * store — from the cost of the toolkit's code.
 */
export const kafkajsRawEnvelope: ContenderRun = (params, progress) =>
  runRaw(params, progress, 'kafkajs-envelope', envelopeHeaders);

type RecordHeaders = () => Record<string, string>;

const bareHeaders: RecordHeaders = () => ({ 'content-type': 'application/json' });

function envelopeHeaders(): Record<string, string> {
  const id = randomUUID();
  return {
    pm: JSON.stringify({
      id,
      type: 'bench.message',
      ts: Date.now(),
      h: { 'correlation-id': id, 'source-service': 'bench' },
    }),
    'content-type': 'application/json',
  };
}

/** kafkajs's own socket factory, with Nagle's algorithm off as the toolkit's transport has it. */
const noDelaySockets: ISocketFactory = ({ host, port, onConnect }) => {
  const socket = net.connect({ host, port }, onConnect);
  socket.setKeepAlive(true, 60_000);
  socket.setNoDelay(true);
  return socket;
};

const runRaw = async (
  params: RunParams,
  progress: ProgressReporter,
  prefix: string,
  headers: RecordHeaders,
) => {
  const brokers = kafkaBrokers(requiredEnvironment('KAFKA_BROKERS'));
  const name = runName(prefix);
  const kafka = new Kafka({
    brokers,
    clientId: name,
    logLevel: logLevel.NOTHING,
    socketFactory: noDelaySockets,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: name, numPartitions: KAFKA_PARTITIONS }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: name, maxWaitTimeInMs: 100 });
  await producer.connect();
  const pair = rawPair(producer, consumer, name, headers, () =>
    deleteKafkaResources(brokers, { topics: [name], groups: [name] }),
  );
  return measureEndToEnd(pair, params, progress, `kafkajs (topic ${name})`);
};

function rawPair(
  producer: Producer,
  consumer: Consumer,
  topic: string,
  headers: RecordHeaders,
  cleanUp: () => Promise<void>,
): EndToEndPair {
  const sender = new CoalescingSender<BenchMessage>(async (messages) => {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((message) => ({
        value: JSON.stringify(message),
        headers: headers(),
      })),
    });
  });
  return {
    async startConsumer(handled, failed) {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      consumer.on(consumer.events.CRASH, ({ payload }) => failed(payload.error));
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: KAFKA_PARTITIONS,
        eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, uncommittedOffsets }) => {
          for (const message of batch.messages) {
            handled(sequenceOf(message.value ?? Buffer.alloc(0)));
            resolveOffset(message.offset);
          }
          await commitOffsetsIfNecessary(uncommittedOffsets());
        },
      });
      await joined;
    },
    publish: (messages) => sender.send(messages),
    async close() {
      try {
        await consumer.disconnect();
        await producer.disconnect();
      } finally {
        await cleanUp();
      }
    },
  };
}
