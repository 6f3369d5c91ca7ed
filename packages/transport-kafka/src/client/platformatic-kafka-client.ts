import {
  Admin,
  type ConnectionOptions,
  compatibilityPartitioner,
  type MessageToProduce,
  ProduceAcks,
  Producer,
  type SASLOptions,
} from '@platformatic/kafka';
import type { ResolvedKafkaOptions } from '../kafka-transport-options.js';
import { BrokerConnections } from './broker-connections.js';
import type {
  ConnectionState,
  GroupConsumer,
  GroupConsumerSettings,
  KafkaClient,
  OutgoingRecord,
  PartitionOffset,
  TopicSpec,
} from './kafka-client.js';
import type { KafkaClientSettings } from './kafka-client-settings.js';
import { hasProtocolError } from './platformatic-error.js';
import { PlatformaticGroupConsumer } from './platformatic-group-consumer.js';
import { MemberHandOver } from './platformatic-member-hand-over.js';
import { refuseUnknownBrokers } from './platformatic-unknown-broker.js';
import { PRODUCE_ATTEMPTS, sendOnFreshProducers } from './producer-resend.js';
import { SendFailureLog } from './send-failure-log.js';

const ADMIN_ATTEMPTS = 5;
/** Retries inside one producer resend the same records with the same sequence numbers: the broker drops repeats. */
const PRODUCER_RETRIES = 2;
const LIBRARY_RETRY_DELAY_MS = 100;
const LEADER_WAIT = { attempts: 50, delayMs: 100 };
const RECONNECT_PROBE_MS = { initial: 100, max: 2_000 };

/**
 * The `KafkaClient` on @platformatic/kafka: an idempotent acks=all producer with one send in flight, one admin, and
 * a `PlatformaticGroupConsumer` per group.
 *
 * Sends go out one at a time (per-key order, and no send can take the sequence numbers of one that failed). Within
 * a producer the library retries a failed request with the same sequence numbers, so a request whose answer was
 * lost is not written twice; a send that still fails is sent again whole on a new producer (a new producer id),
 * which may write some records twice (at-least-once; the inbox dedups) but never loses one.
 *
 * The library reconnects on demand only: after its brokers were lost, an idle client would stay "lost" until the
 * next request. So a lost client probes its brokers with a metadata request, with backoff, until one answers —
 * what kafkajs's consumers do by fetching — and the transport's health comes back without waiting for traffic.
 */
export class PlatformaticKafkaClient implements KafkaClient {
  private readonly connections: BrokerConnections;
  private readonly connection: ConnectionOptions;
  private readonly bootstrapBrokers: string[];
  private producer: Producer;
  /** The current producer's id request; replaced with the producer. */
  private producerReady: Promise<void> | undefined;
  private producing: Promise<unknown> = Promise.resolve();
  private readonly admin: Admin;
  private readonly consumers = new Set<PlatformaticGroupConsumer>();
  private readonly handOver = new MemberHandOver();
  private probeTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly sendFailures: SendFailureLog;
  /** Keyless records go round the partitions, as kafkajs's default partitioner does. */
  private roundRobin = 0;

  constructor(private readonly settings: KafkaClientSettings) {
    this.sendFailures = new SendFailureLog(settings.logger);
    this.connections = new BrokerConnections(settings.onSocket);
    this.connections.onState((state) => this.onState(state));
    this.bootstrapBrokers = [...settings.brokers];
    this.connection = connectionOptionsOf(settings);
    this.admin = new Admin({ ...this.baseOptions(), retries: 0 });
    refuseUnknownBrokers(this.admin.connections);
    this.connections.watch(this.admin.connections);
    this.producer = this.newProducer();
  }

  private baseOptions() {
    return {
      clientId: this.settings.clientId,
      bootstrapBrokers: this.bootstrapBrokers,
      ...this.connection,
      timeout: this.settings.requestTimeoutMs,
      retryDelay: LIBRARY_RETRY_DELAY_MS,
      autocreateTopics: false,
    };
  }

  private newProducer(): Producer {
    const producer = new Producer({
      ...this.baseOptions(),
      idempotent: true,
      acks: ProduceAcks.ALL,
      retries: PRODUCER_RETRIES,
      // The Java client's (and kafkajs's) murmur2 partitioning: a key lands on the same partition whichever
      // client wrote it; keyless records go round the partitions.
      partitioner: (_message, key) => (key ? compatibilityPartitioner(_message, key) : this.roundRobin++),
    });
    refuseUnknownBrokers(producer.connections);
    this.connections.watch(producer.connections);
    return producer;
  }

  async connect(): Promise<void> {
    try {
      await this.admin.metadata({ topics: [] });
      await this.readyProducer();
    } catch (error) {
      throw clientError(error);
    }
  }

  private readyProducer(): Promise<void> {
    const producer = this.producer;
    this.producerReady ??= producer
      .initIdempotentProducer({})
      .then(() => {})
      .catch((error: unknown) => {
        if (this.producer === producer) this.producerReady = undefined;
        throw error;
      });
    return this.producerReady;
  }

  produce(records: readonly OutgoingRecord[]): Promise<void> {
    const sent = this.producing.then(() => this.produceNow(records));
    this.producing = sent.catch(() => {});
    return sent;
  }

  private produceNow(records: readonly OutgoingRecord[]): Promise<void> {
    const messages = records.map(messageOf);
    return sendOnFreshProducers({
      attempts: this.settings.produceAttempts ?? PRODUCE_ATTEMPTS,
      current: () => this.producer,
      send: async (producer) => {
        await this.readyProducer();
        await producer.send({ messages, acks: ProduceAcks.ALL });
      },
      sent: () => this.sendFailures.sent(),
      retire: (producer, error) => this.retireProducer(producer, error),
      isRetriable,
      isClosed: () => this.closed,
      toError: clientError,
    });
  }

  /** A send failed: the next attempt starts on a new producer (a new producer id) with fresh connections. */
  private retireProducer(producer: Producer, error: unknown): void {
    if (this.producer !== producer) return;
    this.producer = this.newProducer();
    this.producerReady = undefined;
    this.sendFailures.failed(error);
    this.connections.forget(producer.connections);
    producer.close().catch((closeError: unknown) => {
      this.settings.logger.debug({ err: closeError }, 'A retired Kafka producer did not close cleanly');
    });
  }

  async topicNames(): Promise<Set<string>> {
    return new Set(await withRetries(() => this.admin.listTopics()));
  }

  async createTopics(topics: readonly TopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    // One request per topic: the library gives one partition count and configuration to all topics of a call.
    await Promise.all(
      topics.map((topic) =>
        withRetries(() =>
          this.admin.createTopics({
            topics: [topic.name],
            partitions: topic.partitions,
            replicas: topic.replicationFactor,
            configs: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
          }),
        ).catch((error: unknown) => {
          // Created meanwhile by another instance: what was asked for exists.
          if (!hasProtocolError(error, 'TOPIC_ALREADY_EXISTS')) throw clientError(error);
        }),
      ),
    );
    await this.waitForLeaders(topics.map((topic) => topic.name));
  }

  /** kafkajs's `waitForLeaders`: a topic is usable once every partition has a leader. */
  private async waitForLeaders(names: readonly string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const metadata = await this.admin.metadata({ topics: [...names], forceUpdate: true });
        const ready = names.every((name) => {
          const topic = metadata.topics.get(name);
          return topic?.partitions.every((partition) => partition.leader >= 0) === true;
        });
        if (ready) return;
      } catch (error) {
        if (attempt >= LEADER_WAIT.attempts) throw clientError(error);
      }
      if (attempt >= LEADER_WAIT.attempts) return;
      await delay(LEADER_WAIT.delayMs);
    }
  }

  async topicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]> {
    const metadata = await withRetries(() => this.admin.metadata({ topics: [topic] }));
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    const partitions = Array.from({ length: count }, (_, partition) => partition);
    const listed = (timestamp: bigint) =>
      withRetries(() =>
        this.admin.listOffsets({
          topics: [
            { name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) },
          ],
        }),
      );
    const [lows, highs] = await Promise.all([listed(EARLIEST), listed(LATEST)]);
    const offsetOf = (answer: Awaited<ReturnType<typeof listed>>, partition: number) =>
      answer
        .find((entry) => entry.name === topic)
        ?.partitions.find((entry) => entry.partitionIndex === partition)
        ?.offset.toString() ?? '0';
    return partitions.map((partition) => ({
      partition,
      low: offsetOf(lows, partition),
      high: offsetOf(highs, partition),
    }));
  }

  async committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]> {
    const metadata = await withRetries(() => this.admin.metadata({ topics: [topic] }));
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    const partitionIndexes = Array.from({ length: count }, (_, partition) => partition);
    const [group] = await withRetries(() =>
      this.admin.listConsumerGroupOffsets({
        groups: [{ groupId, topics: [{ name: topic, partitionIndexes }] }],
      }),
    );
    const committed = new Map(
      (group?.topics.find((entry) => entry.name === topic)?.partitions ?? []).map((entry) => [
        entry.partitionIndex,
        entry.committedOffset,
      ]),
    );
    return partitionIndexes.map((partition) => {
      const offset = committed.get(partition);
      return { partition, offset: offset === undefined || offset < 0n ? '-1' : offset.toString() };
    });
  }

  async setCommittedOffsets(
    groupId: string,
    topic: string,
    offsets: readonly PartitionOffset[],
  ): Promise<void> {
    // The library's alterConsumerGroupOffsets commits "from outside the group" (generation -1, no member), as Kafka's
    // AdminClient does: accepted only for a group without members, and creating an empty group if there was none.
    await withRetries(() =>
      this.admin.alterConsumerGroupOffsets({
        groupId,
        topics: [
          {
            name: topic,
            partitionOffsets: offsets.map(({ partition, offset }) => ({ partition, offset: BigInt(offset) })),
          },
        ],
      }),
    );
  }

  async groupExists(groupId: string): Promise<boolean> {
    const groups = await withRetries(() => this.admin.describeGroups({ groups: [groupId] })).catch(
      (error: unknown) => {
        // Newer brokers answer a group they do not know with an error rather than the state "Dead".
        if (hasProtocolError(error, 'GROUP_ID_NOT_FOUND')) return new Map<string, { state: string }>();
        throw error;
      },
    );
    const state = groups.get(groupId)?.state;
    return state !== undefined && state !== 'DEAD';
  }

  async deleteGroup(groupId: string): Promise<void> {
    await withRetries(() => this.admin.deleteGroups({ groups: [groupId] }));
  }

  groupConsumer(settings: GroupConsumerSettings): GroupConsumer {
    const consumer: PlatformaticGroupConsumer = new PlatformaticGroupConsumer(
      settings,
      {
        clientId: this.settings.clientId,
        bootstrapBrokers: this.bootstrapBrokers,
        connection: { ...this.connection, requestTimeout: this.settings.requestTimeoutMs },
        connections: this.connections,
        logger: this.settings.logger,
        handOver: this.handOver,
      },
      () => this.consumers.delete(consumer),
    );
    this.consumers.add(consumer);
    return consumer;
  }

  onConnectionState(listener: (state: ConnectionState, detail?: string) => void): void {
    this.connections.onState(listener);
  }

  dropConnections(): void {
    this.connections.destroyAll();
  }

  private onState(state: ConnectionState): void {
    if (state === 'connected') {
      clearTimeout(this.probeTimer);
      this.probeTimer = undefined;
    } else if (this.probeTimer === undefined) this.probe(1);
  }

  private probe(attempt: number): void {
    if (this.closed) return;
    const wait = Math.min(RECONNECT_PROBE_MS.max, RECONNECT_PROBE_MS.initial * 2 ** (attempt - 1));
    this.probeTimer = setTimeout(() => {
      if (this.closed || this.connections.connected) {
        this.probeTimer = undefined;
        return;
      }
      this.admin.metadata({ topics: [], forceUpdate: true }).then(
        () => {
          this.probeTimer = undefined;
        },
        () => this.probe(attempt + 1),
      );
    }, wait);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.probeTimer);
    const results = await Promise.allSettled([
      ...[...this.consumers].map((consumer) => consumer.stop()),
      this.producer.close(),
      this.admin.close(),
    ]);
    this.consumers.clear();
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw clientError((failed as PromiseRejectedResult).reason);
  }
}

const EARLIEST = -2n;
const LATEST = -1n;

function connectionOptionsOf(settings: KafkaClientSettings): ConnectionOptions {
  const { ssl, sasl } = settings;
  const options: ConnectionOptions = {
    connectTimeout: settings.connectionTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
  };
  if (ssl) {
    // `true`: Node's defaults (the system's CAs), as kafkajs. SNI names the broker, unless it is addressed by IP
    // (Node refuses an IP as a server name).
    Object.assign(options, {
      tls: ssl === true ? {} : ssl,
      tlsServerName: settings.brokers.every((broker) => !isIpHost(broker)),
    });
  }
  if (sasl) options.sasl = saslOf(sasl);
  return options;
}

function saslOf(sasl: NonNullable<ResolvedKafkaOptions['sasl']>): SASLOptions {
  const mechanism = (
    { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const
  )[sasl.mechanism];
  // Providers rather than the strings: the library's options object (which may be inspected or logged by a
  // debugger) never holds the password itself.
  return { mechanism, username: () => sasl.username, password: () => sasl.password };
}

function isIpHost(broker: string): boolean {
  const host = broker.startsWith('[') ? broker.slice(1, broker.indexOf(']')) : broker.replace(/:\d+$/, '');
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function messageOf(record: OutgoingRecord): MessageToProduce {
  const headers = new Map<Buffer, Buffer>();
  for (const name in record.headers) headers.set(headerName(name), Buffer.from(record.headers[name]!));
  return {
    topic: record.topic,
    key: record.key === null ? undefined : Buffer.from(record.key),
    value: record.value ?? undefined,
    headers,
  };
}

/**
 * Header names as bytes, made once: the same few names (`pm-id`, `pm-type`, `correlation-id`…) are on every
 * record. The library only reads them. Bounded, so unusual names cannot grow it without end.
 */
const headerNames = new Map<string, Buffer>();
const MAX_HEADER_NAMES = 256;

function headerName(name: string): Buffer {
  let bytes = headerNames.get(name);
  if (bytes === undefined) {
    bytes = Buffer.from(name);
    if (headerNames.size < MAX_HEADER_NAMES) headerNames.set(name, bytes);
  }
  return bytes;
}

/**
 * Errors the library gave up on that another try (on a new producer, fresh metadata) may get past: network
 * trouble, timeouts, and the protocol errors Kafka marks retriable (a leader moving, a broker not ready).
 */
function isRetriable(error: unknown): boolean {
  const { code, canRetry } = (error ?? {}) as { code?: string; canRetry?: boolean };
  if (canRetry === true || code === 'PLT_KFK_NETWORK' || code === 'PLT_KFK_TIMEOUT') return true;
  const nested = (error as { errors?: unknown[] } | null)?.errors;
  return Array.isArray(nested) && nested.length > 0 && nested.every(isRetriable);
}

/**
 * Right after a topic is created, or while metadata catches up after a reconnect, the broker may answer "not the
 * leader" for a moment: retried a few times. Anything else fails at once.
 */
async function withRetries<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isRetriable(error) || attempt >= ADMIN_ATTEMPTS) throw clientError(error);
      await delay(100 * 2 ** attempt);
    }
  }
}

/**
 * Rejected credentials or permissions are named as kafkajs names them (the transport tells them from a broker that
 * is down by that name); the message says what the broker said, never the credentials.
 */
function clientError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name === 'KafkaSASLAuthenticationError') return error;
  const authentication =
    (error as { code?: string }).code === 'PLT_KFK_AUTHENTICATION' ||
    hasProtocolError(error, 'SASL_AUTHENTICATION_FAILED') ||
    hasProtocolError(error, 'TOPIC_AUTHORIZATION_FAILED') ||
    hasProtocolError(error, 'GROUP_AUTHORIZATION_FAILED') ||
    hasProtocolError(error, 'CLUSTER_AUTHORIZATION_FAILED');
  if (!authentication) return error;
  const wrapped = new Error(`Kafka refused the client: ${error.message}`, { cause: error });
  wrapped.name = 'KafkaSASLAuthenticationError';
  return wrapped;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
