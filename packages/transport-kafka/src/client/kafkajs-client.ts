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
import type { KafkaSaslOptions } from '../kafka-transport-options.js';
import { GroupOffsetCommit } from './group-offset-commit.js';
import type {
  ConnectionState,
  GroupConsumer,
  GroupConsumerEvents,
  GroupConsumerSettings,
  IncomingRecord,
  KafkaClient,
  OutgoingRecord,
  PartitionBatch,
  PartitionOffset,
  TopicSpec,
} from './kafka-client.js';
import type { KafkaClientSettings } from './kafka-client-settings.js';
import { PRODUCE_ATTEMPTS, sendOnFreshProducers } from './producer-resend.js';
import { SendFailureLog } from './send-failure-log.js';
import { TrackedSockets } from './tracked-sockets.js';

/**
 * The `KafkaClient` on kafkajs 2.2.4: an acks=all producer with one request in flight, one admin, one consumer per
 * group.
 *
 * kafkajs never retries a produce request itself here; a failed send is sent again whole, with a new producer:
 * - when a partition leader moves (a broker of a cluster stops), kafkajs's retry resends only to the brokers that
 *   had not answered yet, so the partitions that moved to a broker which had already answered for its own are never
 *   sent — and the send resolves (measured: 20 of 4 000 records lost when one of three brokers stopped);
 * - an idempotent producer (which kafkajs allows only with its retries on) rolls its sequence numbers back when a
 *   request fails although the broker may have written it; the next request then reuses them for other records,
 *   and the broker, taking it for a retry, acknowledges it without writing it — a silent loss.
 * So the producer is not idempotent: with one request in flight and no retry inside the client, idempotence had
 * nothing left to protect. A send that is sent again may write some records twice (at-least-once; the inbox
 * dedups), never loses one, and keeps per-key order (sends go out one at a time).
 */
export class KafkajsClient implements KafkaClient {
  private readonly kafka: Kafka;
  private readonly sockets: TrackedSockets;
  private producer: Producer;
  /** The current producer's connection (and producer id request); replaced with the producer. */
  private producerConnected: Promise<void> | undefined;
  /** Produce requests go out one at a time, so none can reuse the sequence numbers of one that failed. */
  private producing: Promise<unknown> = Promise.resolve();
  private readonly admin: Admin;
  private readonly groupOffsets: GroupOffsetCommit | undefined;
  private readonly consumers = new Set<Consumer>();
  private closed = false;
  private readonly sendFailures: SendFailureLog;

  constructor(private readonly settings: KafkaClientSettings) {
    this.sendFailures = new SendFailureLog(settings.logger);
    this.sockets = new TrackedSockets(settings.onSocket);
    this.kafka = new Kafka({
      brokers: [...settings.brokers],
      clientId: settings.clientId,
      ssl: settings.ssl,
      sasl: kafkajsSaslOf(settings.sasl),
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      socketFactory: (args) => this.sockets.create(args),
      logLevel: logLevel.INFO,
      logCreator: () => (entry) => forwardLog(settings.logger, entry),
    });
    this.producer = this.newProducer();
    this.admin = this.kafka.admin();
    this.groupOffsets = GroupOffsetCommit.of(this.kafka);
  }

  private newProducer(): Producer {
    // One request in flight per connection keeps per-key order; acks=all is asked for by every send.
    return this.kafka.producer({
      idempotent: false,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // kafkajs does not retry a produce request itself (see the class comment); produceNow sends it again whole.
      retry: { retries: 0 },
    });
  }

  async connect(): Promise<void> {
    await this.admin.connect();
    await this.connectProducer();
  }

  private connectProducer(): Promise<void> {
    const producer = this.producer;
    this.producerConnected ??= producer.connect().catch((error: unknown) => {
      if (this.producer === producer) this.producerConnected = undefined;
      throw error;
    });
    return this.producerConnected;
  }

  produce(records: readonly OutgoingRecord[]): Promise<void> {
    const sent = this.producing.then(() => this.produceNow(records));
    this.producing = sent.catch(() => {});
    return sent;
  }

  private produceNow(records: readonly OutgoingRecord[]): Promise<void> {
    const topicMessages = topicMessagesOf(records);
    return sendOnFreshProducers({
      attempts: this.settings.produceAttempts ?? PRODUCE_ATTEMPTS,
      current: () => this.producer,
      send: async (producer) => {
        await this.connectProducer();
        await producer.sendBatch({ acks: -1, topicMessages });
      },
      sent: () => this.sendFailures.sent(),
      retire: (producer, error) => this.retireProducer(producer, error),
      isRetriable,
      isClosed: () => this.closed,
      toError: (error) => error,
    });
  }

  /** A send failed: the next attempt starts on a new producer with fresh connections and metadata. */
  private retireProducer(producer: Producer, error: unknown): void {
    this.producer = this.newProducer();
    this.producerConnected = undefined;
    this.sendFailures.failed(error);
    producer.disconnect().catch((disconnectError: unknown) => {
      this.settings.logger.debug(
        { err: disconnectError },
        'A retired Kafka producer did not disconnect cleanly',
      );
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
    const direct = this.groupOffsets;
    if (direct) return withRetries(() => direct.commit(groupId, topic, offsets));
    // Correct but slow: kafkajs joins the group to commit (seconds for a new group).
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
    this.closed = true;
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
    events: GroupConsumerEvents = {},
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
        if (started) return events.rejoined?.();
        this.seekToStartOffsets(payload.memberAssignment);
        started = true;
        resolve();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (started) events.crashed?.(payload.error, payload.restart);
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

/** kafkajs gave up on a retriable error (its own retries are off), or failed to connect: another try may pass. */
function isRetriable(error: unknown): boolean {
  const { name, retriable } = (error ?? {}) as { name?: string; retriable?: boolean };
  return retriable === true || name === 'KafkaJSNumberOfRetriesExceeded' || /Connection/.test(name ?? '');
}

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

function topicMessagesOf(records: readonly OutgoingRecord[]) {
  const byTopic = new Map<string, { key: string | null; value: Buffer | null; headers: IHeaders }[]>();
  for (const record of records) {
    const messages = byTopic.get(record.topic) ?? [];
    if (messages.length === 0) byTopic.set(record.topic, messages);
    messages.push({ key: record.key, value: record.value, headers: { ...record.headers } });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
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

/** kafkajs types SASL as one object type per mechanism: narrowed here, field by field. */
function kafkajsSaslOf(sasl: KafkaSaslOptions | undefined): SASLOptions | undefined {
  if (sasl === undefined) return undefined;
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}
