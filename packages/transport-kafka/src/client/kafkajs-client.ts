import type tls from 'node:tls';
import type { Logger } from '@pragmatic-messaging/core';
import {
  type Admin,
  type Consumer,
  type IHeaders,
  Kafka,
  type KafkaMessage,
  type LogEntry,
  logLevel,
  Partitioners,
  type Producer,
  type SASLOptions,
} from 'kafkajs';
import type {
  ConnectionState,
  GroupConsumer,
  GroupConsumerSettings,
  IncomingRecord,
  KafkaClient,
  OutgoingRecord,
  PartitionBatch,
  PartitionOffset,
  TopicSpec,
} from './kafka-client.js';
import { TrackedSockets } from './tracked-sockets.js';

export interface KafkajsClientSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl?: tls.ConnectionOptions | boolean | undefined;
  readonly sasl?: SASLOptions | undefined;
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly logger: Logger;
}

/** The `KafkaClient` on kafkajs 2.2.4: an idempotent acks=all producer, one admin, one consumer per group. */
export class KafkajsClient implements KafkaClient {
  private readonly kafka: Kafka;
  private readonly sockets = new TrackedSockets();
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly consumers = new Set<Consumer>();

  constructor(settings: KafkajsClientSettings) {
    this.kafka = new Kafka({
      brokers: [...settings.brokers],
      clientId: settings.clientId,
      ssl: settings.ssl,
      sasl: settings.sasl,
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      socketFactory: (args) => this.sockets.create(args),
      logLevel: logLevel.INFO,
      logCreator: () => (entry) => forwardLog(settings.logger, entry),
    });
    // Idempotence needs acks=all and one request in flight per connection, which also keeps per-key order.
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.admin = this.kafka.admin();
  }

  async connect(): Promise<void> {
    await this.admin.connect();
    await this.producer.connect();
  }

  async produce(records: readonly OutgoingRecord[]): Promise<void> {
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const record of records) byTopic.set(record.topic, [...(byTopic.get(record.topic) ?? []), record]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, topicRecords]) => ({
        topic,
        messages: topicRecords.map((record) => ({
          key: record.key,
          value: record.value,
          headers: { ...record.headers },
        })),
      })),
    });
  }

  async topicNames(): Promise<Set<string>> {
    return new Set(await withRetries(() => this.admin.listTopics()));
  }

  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
        configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
      })),
    });
  }

  async topicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]> {
    const offsets = await withRetries(() => this.admin.fetchTopicOffsets(topic));
    return offsets.map(({ partition, low, high }) => ({ partition, low, high }));
  }

  async committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]> {
    const [result] = await withRetries(() => this.admin.fetchOffsets({ groupId, topics: [topic] }));
    return (result?.partitions ?? []).map(({ partition, offset }) => ({ partition, offset }));
  }

  async setCommittedOffsets(
    groupId: string,
    topic: string,
    offsets: readonly PartitionOffset[],
  ): Promise<void> {
    await this.admin.setOffsets({ groupId, topic, partitions: [...offsets] });
  }

  async groupExists(groupId: string): Promise<boolean> {
    const { groups } = await withRetries(() => this.admin.describeGroups([groupId]));
    const state = groups[0]?.state;
    return state !== undefined && state !== 'Dead';
  }

  async deleteGroup(groupId: string): Promise<void> {
    await this.admin.deleteGroups([groupId]);
  }

  groupConsumer(settings: GroupConsumerSettings): GroupConsumer {
    const consumer = this.kafka.consumer({
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs,
      maxWaitTimeInMs: settings.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.consumers.add(consumer);
    return new KafkajsGroupConsumer(consumer, settings, () => this.consumers.delete(consumer));
  }

  onConnectionState(listener: (state: ConnectionState, detail?: string) => void): void {
    this.sockets.onState(listener);
  }

  dropConnections(): void {
    this.sockets.destroyAll();
  }

  async close(): Promise<void> {
    const results = await Promise.allSettled([
      ...[...this.consumers].map((consumer) => consumer.disconnect()),
      this.producer.disconnect(),
      this.admin.disconnect(),
    ]);
    this.consumers.clear();
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}

class KafkajsGroupConsumer implements GroupConsumer {
  constructor(
    private readonly consumer: Consumer,
    private readonly settings: GroupConsumerSettings,
    private readonly forget: () => void,
  ) {}

  async start(
    onBatch: (batch: PartitionBatch) => Promise<void>,
    onCrash?: (error: Error, restarting: boolean) => void,
  ): Promise<void> {
    const { consumer, settings } = this;
    await consumer.connect();
    await consumer.subscribe({
      topics: [...settings.topics],
      fromBeginning: settings.startFrom === 'earliest',
    });
    let started = false;
    const joined = new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        if (!started) this.seekToStartOffsets(payload.memberAssignment);
        started = true;
        resolve();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (started) onCrash?.(payload.error, payload.restart);
        else reject(payload.error);
      });
    });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: settings.partitionsAtOnce,
      eachBatch: async (payload) => {
        const { batch } = payload;
        await onBatch({
          topic: batch.topic,
          partition: batch.partition,
          records: batch.messages.map(toIncomingRecord),
          resolveOffset: (offset) => payload.resolveOffset(offset),
          commit: async () => {
            await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
          },
          pause: () => payload.pause(),
          heartbeat: () => payload.heartbeat(),
        });
      },
    });
    await joined;
  }

  private seekToStartOffsets(assignment: Record<string, number[]>): void {
    for (const [topic, offsets] of this.settings.startOffsets ?? []) {
      const assigned = new Set(assignment[topic] ?? []);
      for (const { partition, offset } of offsets) {
        if (assigned.has(partition)) this.consumer.seek({ topic, partition, offset });
      }
    }
  }

  async stop(): Promise<void> {
    try {
      await this.consumer.disconnect();
    } finally {
      this.forget();
    }
  }
}

const ADMIN_ATTEMPTS = 5;

/**
 * Right after a topic is created, or while metadata catches up after a reconnect, the broker may answer
 * "not the leader" for a moment; kafkajs marks such errors retriable. Anything else fails at once.
 */
async function withRetries<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= ADMIN_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

function toIncomingRecord(message: KafkaMessage): IncomingRecord {
  return {
    key: message.key,
    value: message.value,
    headers: headersOf(message.headers),
    offset: message.offset,
  };
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    decoded[name] = last === undefined || last === null ? '' : last.toString();
  }
  return decoded;
}

// kafkajs reports transient, retried trouble at ERROR level; the transport surfaces real failures itself.
function forwardLog(logger: Logger, { level, log }: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
  const text = `kafkajs: ${message}`;
  if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(fields, text);
  else logger.debug(fields, text);
}
