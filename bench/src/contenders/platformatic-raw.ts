import {
  Admin,
  type CommitOptionsPartition,
  Consumer,
  type MessagesStream,
  ProduceAcks,
  Producer,
} from '@platformatic/kafka';
import { requiredEnvironment, runName } from '../end-to-end/bench-environment.js';
import { CoalescingSender } from '../end-to-end/coalescing-sender.js';
import { measureEndToEnd } from '../end-to-end/end-to-end-driver.js';
import type { EndToEndPair } from '../end-to-end/end-to-end-pair.js';
import { deleteKafkaResources, kafkaBrokers } from '../end-to-end/kafka-cleanup.js';
import { type BenchMessage, sequenceOf } from '../end-to-end/message-payload.js';
import type { ContenderRun } from '../figures.js';
import { KAFKA_PARTITIONS } from './kafkajs-raw.js';

/**
 * The second raw baseline: @platformatic/kafka written as well as it allows, with kafkajs-raw's guarantees. An
 * idempotent producer (acks=all), what arrives while a send is in flight sent together in the next one; a group
 * consumer on the library's message stream with autocommit off, each message's offset committed only after it was
 * handled — the latest handled offset of every partition in one commit, one commit in flight at a time.
 */
export const platformaticRaw: ContenderRun = async (params, progress) => {
  const brokers = kafkaBrokers(requiredEnvironment('KAFKA_BROKERS'));
  const name = runName('platformatic');
  const admin = new Admin({ clientId: name, bootstrapBrokers: [...brokers] });
  try {
    await admin.createTopics({ topics: [name], partitions: KAFKA_PARTITIONS, replicas: -1 });
    // Usable once every partition has a leader (kafkajs's waitForLeaders).
    for (let attempt = 0; attempt < 50; attempt++) {
      const metadata = await admin.metadata({ topics: [name], forceUpdate: true });
      if (metadata.topics.get(name)?.partitions.every((partition) => partition.leader >= 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.close();
  }
  const producer = new Producer({
    clientId: name,
    bootstrapBrokers: [...brokers],
    idempotent: true,
    acks: ProduceAcks.ALL,
  });
  const consumer = new Consumer({
    clientId: name,
    bootstrapBrokers: [...brokers],
    groupId: name,
    autocommit: false,
    maxWaitTime: 100,
  });
  const pair = rawPair(producer, consumer, name, () =>
    deleteKafkaResources(brokers, { topics: [name], groups: [name] }),
  );
  return measureEndToEnd(pair, params, progress, `@platformatic/kafka (topic ${name})`);
};

function rawPair(
  producer: Producer,
  consumer: Consumer,
  topic: string,
  cleanUp: () => Promise<void>,
): EndToEndPair {
  const headers = new Map([[Buffer.from('content-type'), Buffer.from('application/json')]]);
  const sender = new CoalescingSender<BenchMessage>(async (messages) => {
    await producer.send({
      acks: ProduceAcks.ALL,
      messages: messages.map((message) => ({
        topic,
        value: Buffer.from(JSON.stringify(message)),
        headers,
      })),
    });
  });
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  const pending = new Map<number, CommitOptionsPartition>();
  let committing: Promise<void> | undefined;
  let failedWith: ((error: unknown) => void) | undefined;
  const commitHandled = () => {
    if (committing || pending.size === 0) return;
    const offsets = [...pending.values()];
    pending.clear();
    committing = consumer
      .commit({ offsets })
      .catch((error: unknown) => failedWith?.(error))
      .finally(() => {
        committing = undefined;
        commitHandled();
      });
  };
  return {
    async startConsumer(handled, failed) {
      failedWith = failed;
      stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest' });
      stream.on('error', failed);
      stream.on('data', (message) => {
        handled(sequenceOf(message.value));
        pending.set(message.partition, {
          topic,
          partition: message.partition,
          offset: message.offset + 1n,
          leaderEpoch: -1,
        });
        commitHandled();
      });
    },
    publish: (messages) => sender.send(messages),
    async close() {
      try {
        await stream?.close();
        await committing;
        await consumer.close();
        await producer.close();
      } finally {
        await cleanUp();
      }
    },
  };
}
