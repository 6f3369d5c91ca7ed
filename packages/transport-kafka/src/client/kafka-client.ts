/**
 * The thin boundary between the transport and a Kafka client library. The transport logic only talks to these
 * interfaces, so kafkajs (unmaintained since 2023) can be replaced by a maintained client (`@platformatic/kafka`,
 * Confluent's KafkaJS-compatible API) by writing one new implementation of `KafkaClient`.
 */

/** A record read from a partition. Header values are decoded as UTF-8 strings; a missing value is ''. */
export interface IncomingRecord {
  readonly key: Buffer | null;
  /** null for a tombstone (a compacted topic's "delete this key"). */
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Kafka offsets are 64-bit: kept as decimal strings. */
  readonly offset: string;
}

export interface OutgoingRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** -1: the broker's default. */
  readonly replicationFactor: number;
  readonly config: Readonly<Record<string, string>>;
}

export interface PartitionOffset {
  readonly partition: number;
  readonly offset: string;
}

/** The messages fetched from one partition, with the controls over that partition's consumption. */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly IncomingRecord[];
  /** Mark everything up to and including `offset` as done: the next fetch and the next commit start after it. */
  resolveOffset(offset: string): void;
  /** Commit the resolved offsets now. */
  commit(): Promise<void>;
  /** Stop fetching this partition; the returned function resumes it. Unresolved records are fetched again. */
  pause(): () => void;
  /** Tell the group this member is alive while a long batch is being handled. */
  heartbeat(): Promise<void>;
}

export interface GroupConsumerSettings {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a partition without a committed offset starts. */
  readonly startFrom: 'earliest' | 'latest';
  /**
   * Where to start in partitions this member is given at its first join, whatever was committed (temporary
   * endpoints: the end of the log when they subscribed, so nothing published after `start()` is missed).
   */
  readonly startOffsets?: ReadonlyMap<string, readonly PartitionOffset[]>;
  /** How many partitions' batches are handled at once. */
  readonly partitionsAtOnce: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly maxWaitTimeMs: number;
}

/** What happens to a running group consumer after its first join. */
export interface GroupConsumerEvents {
  /** The consumer failed; `restarting` tells whether the client restarts it by itself. */
  crashed?(error: Error, restarting: boolean): void;
  /** The member joined its group again (after a crash the client recovered from, or a rebalance). */
  rejoined?(): void;
}

export interface GroupConsumer {
  /**
   * Join the group and resolve once this member has its partition assignment; batches then flow to `onBatch`,
   * and `events` hears what happens to the consumer after that.
   */
  start(onBatch: (batch: PartitionBatch) => Promise<void>, events?: GroupConsumerEvents): Promise<void>;
  /** Stop fetching, wait for the batch being handled, leave the group and disconnect. */
  stop(): Promise<void>;
}

export type ConnectionState = 'connected' | 'lost';

export interface KafkaClient {
  connect(): Promise<void>;
  /** Append records and resolve once every one is acknowledged by all in-sync replicas (acks=all). */
  produce(records: readonly OutgoingRecord[]): Promise<void>;
  topicNames(): Promise<Set<string>>;
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** The next offset to be written (high watermark) and the first retained offset, per partition. */
  topicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]>;
  /** Committed offsets of a group for a topic; '-1' where nothing was committed. */
  committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]>;
  /**
   * Commit offsets for a group that has no active member, without joining it (fails when the group is active).
   * A group that did not exist is created, empty, with these offsets.
   */
  setCommittedOffsets(groupId: string, topic: string, offsets: readonly PartitionOffset[]): Promise<void>;
  /** Whether the broker knows the group (it had members or committed offsets that have not expired). */
  groupExists(groupId: string): Promise<boolean>;
  deleteGroup(groupId: string): Promise<void>;
  groupConsumer(settings: GroupConsumerSettings): GroupConsumer;
  /** Told whenever a broker connection is lost or a new one is established. */
  onConnectionState(listener: (state: ConnectionState, detail?: string) => void): void;
  /** Destroy every open broker socket at once, as a network failure would (tests, chaos drills). */
  dropConnections(): void;
  close(): Promise<void>;
}
