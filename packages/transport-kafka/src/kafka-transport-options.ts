import type tls from 'node:tls';
import { ConfigurationError, type Logger, silentLogger } from '@pragmatic-messaging/core';

/** SASL credentials. The password is only handed to the client: it never reaches a log line or an error. */
export interface KafkaSaslOptions {
  readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  readonly username: string;
  readonly password: string;
}

/** The Kafka client library the transport runs on. */
export type KafkaClientLibrary = 'kafkajs' | 'platformatic';

export interface KafkaTransportOptions {
  /**
   * The client library behind the transport; both give the same guarantees (acks=all sends, commits after
   * handling, the same options) and pass the same conformance suite and fault drills. Default `'platformatic'`.
   * Each is a peer dependency loaded on the first `connect()` only; when the chosen one is not installed,
   * `connect()` fails with a `ConfigurationError` giving the install command.
   * - `'platformatic'`: @platformatic/kafka 1.x, maintained, and the faster of the two (docs/performance.md); its
   *   producer is idempotent. npm 7+ installs it with the transport.
   * - `'kafkajs'`: kafkajs 2.2.4, unmaintained since 2023; an optional peer: `npm install kafkajs`.
   */
  readonly client?: KafkaClientLibrary;
  /** Bootstrap brokers, `host:port` each (e.g. from `KAFKA_BROKERS`, comma-separated). */
  readonly brokers: readonly string[] | string;
  /** Client id the broker sees in its logs and quotas. Default `pragmatic-messaging`. */
  readonly clientId?: string;
  /** TLS: `true` for the system's CAs, or Node's TLS options (CA, client certificate…). */
  readonly ssl?: boolean | tls.ConnectionOptions;
  readonly sasl?: KafkaSaslOptions;
  /** Put in front of every topic and consumer group name this transport creates (e.g. `staging.`). Default ''. */
  readonly namingPrefix?: string;
  /** Partitions of every topic this transport creates (ordered endpoints may ask for more). Default 6. */
  readonly partitions?: number;
  /** Replication factor of created topics; -1 uses the broker's default. Default -1. */
  readonly replicationFactor?: number;
  /** A consumer silent for this long is dropped from its group and its partitions move on, ms. Default 30 000. */
  readonly sessionTimeoutMs?: number;
  /** How often a consumer tells its group it is alive, ms. Default 3 000. */
  readonly heartbeatIntervalMs?: number;
  /** How long a rebalance waits for members to rejoin, ms. Default 60 000. */
  readonly rebalanceTimeoutMs?: number;
  /** How long a fetch waits for new records; also bounds how late a due retry is picked up, ms. Default 500. */
  readonly maxWaitTimeMs?: number;
  /** Largest message accepted (body and headers); set on every topic created. Default 8 MiB. */
  readonly maxMessageBytes?: number;
  /**
   * On ordered endpoints, let different keys of one partition be handled at the same time (each key still in
   * order). false: one message per partition at a time. Default true.
   */
  readonly concurrentKeysPerPartition?: boolean;
  /** How long sends wait for more messages to share one produce request, ms. Default 0 (the same tick). */
  readonly lingerMs?: number;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Structured logs; silent by default. */
  readonly logger?: Logger;
}

export interface ResolvedKafkaOptions {
  readonly client: KafkaClientLibrary;
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl: boolean | tls.ConnectionOptions | undefined;
  readonly sasl: KafkaSaslOptions | undefined;
  readonly namingPrefix: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly maxWaitTimeMs: number;
  readonly maxMessageBytes: number;
  readonly concurrentKeysPerPartition: boolean;
  readonly lingerMs: number;
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly logger: Logger;
}

export function resolveKafkaOptions(options: KafkaTransportOptions): ResolvedKafkaOptions {
  const brokers = (typeof options.brokers === 'string' ? options.brokers.split(',') : [...options.brokers])
    .map((broker) => broker.trim())
    .filter(Boolean);
  if (brokers.length === 0) {
    throw new ConfigurationError('Kafka transport: `brokers` is empty; give at least one host:port');
  }
  const client = options.client ?? 'platformatic';
  if (client !== 'kafkajs' && client !== 'platformatic') {
    throw new ConfigurationError(
      `Kafka transport: client must be 'kafkajs' or 'platformatic' (got ${JSON.stringify(client)})`,
    );
  }
  const resolved: ResolvedKafkaOptions = {
    client,
    brokers,
    clientId: options.clientId ?? 'pragmatic-messaging',
    ssl: options.ssl,
    sasl: options.sasl,
    namingPrefix: options.namingPrefix ?? '',
    partitions: options.partitions ?? 6,
    replicationFactor: options.replicationFactor ?? -1,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 3_000,
    rebalanceTimeoutMs: options.rebalanceTimeoutMs ?? 60_000,
    maxWaitTimeMs: options.maxWaitTimeMs ?? 500,
    maxMessageBytes: options.maxMessageBytes ?? 8 * 1024 * 1024,
    concurrentKeysPerPartition: options.concurrentKeysPerPartition ?? true,
    lingerMs: options.lingerMs ?? 0,
    connectionTimeoutMs: options.connectionTimeoutMs ?? 3_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    logger: options.logger ?? silentLogger,
  };
  if (!Number.isInteger(resolved.partitions) || resolved.partitions < 1) {
    throw new ConfigurationError(
      `Kafka transport: partitions must be a whole number ≥ 1 (got ${resolved.partitions})`,
    );
  }
  if (resolved.heartbeatIntervalMs >= resolved.sessionTimeoutMs) {
    throw new ConfigurationError(
      `Kafka transport: heartbeatIntervalMs (${resolved.heartbeatIntervalMs}) must be shorter than sessionTimeoutMs (${resolved.sessionTimeoutMs})`,
    );
  }
  return resolved;
}
