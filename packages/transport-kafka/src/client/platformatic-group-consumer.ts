import {
  type ClusterMetadata,
  type ConnectionOptions,
  ConnectionPool,
  Consumer,
  type FetchOptions,
  IS_CONTROL,
  kGetApi,
  type RecordsBatch,
} from '@platformatic/kafka';
import type { Logger } from '@pragmatic-messaging/core';
import type { BrokerConnections } from './broker-connections.js';
import type {
  GroupConsumer,
  GroupConsumerEvents,
  GroupConsumerSettings,
  IncomingRecord,
  PartitionBatch,
} from './kafka-client.js';
import { watchCoordinator } from './platformatic-coordinator-watch.js';
import { hasProtocolError } from './platformatic-error.js';
import { FetchLanes } from './platformatic-fetch-lanes.js';
import type { MemberHandOver } from './platformatic-member-hand-over.js';
import { refuseUnknownBrokers } from './platformatic-unknown-broker.js';

/** What the group consumer needs of its `KafkaClient`: the library's settings and where its connections are watched. */
export interface PlatformaticConsumerContext {
  readonly clientId: string;
  readonly bootstrapBrokers: string[];
  readonly connection: ConnectionOptions;
  readonly connections: BrokerConnections;
  readonly logger: Logger;
  readonly handOver: MemberHandOver;
}

type FetchRequestTopic = FetchOptions<Buffer, Buffer, Buffer, Buffer>['topics'][number];
type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;

/** One assigned partition: where its next fetch starts and what of it was handled. */
interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  readonly key: string;
  /** The next offset to fetch; undefined until it is known (committed offset or start policy). */
  position: bigint | undefined;
  /** The last offset resolved (handled) in this assignment. */
  resolved: bigint | undefined;
  /** The next offset as last committed by this member. */
  committed: bigint | undefined;
  /** This partition's commits, one after the other: a later commit never lands before an earlier one. */
  committing: Promise<void>;
  /** A batch of it is being handled (or waits to be): it is not fetched again until that batch ends. */
  busy: boolean;
  /** A fetch that asked for it is in flight: it is in at most one at a time. */
  fetching: boolean;
  /** It moved to another member in a rebalance: its batch still in flight must neither move nor commit it. */
  revoked: boolean;
  leaderEpoch: number;
}

const EARLIEST = -2n;
const LATEST = -1n;
const MAX_BYTES_PER_PARTITION = 1024 * 1024;
/** Fetches in flight at most, each on a connection pool of its own (see FetchLanes). */
const FETCH_LANES = 2;
const FETCH_BACKOFF_MS = { initial: 100, max: 2_000 };

/**
 * A group member on @platformatic/kafka with kafkajs's `eachBatch` semantics, which the library's message stream
 * does not give (one message at a time, one position per stream, no per-partition pause or rewind). The library
 * keeps the membership (join, sync, heartbeats on its own timer, rejoin after a rebalance); this class runs the
 * fetch loop:
 * - each fetch asks every leader for the assigned partitions that are neither paused nor being handled nor in
 *   another fetch, on connection pools of their own, so a long-polling fetch never holds back a heartbeat or a
 *   commit on the group coordinator's connection (a broker answers one request of a connection at a time); two
 *   fetches can be in flight, so partitions whose batch ended need not wait for a long poll of idle ones;
 * - a partition's records go to `onBatch` as one batch, at most `partitionsAtOnce` batches at once, and the
 *   partition is fetched again only after its batch ended, from the offset after the last resolved one (records
 *   not resolved are fetched again);
 * - the resolved offsets are committed after each batch (kafkajs's autoCommit), and on `commit()`.
 */
export class PlatformaticGroupConsumer implements GroupConsumer {
  private readonly consumer: Consumer;
  private readonly lanes: FetchLanes;
  private readonly fetches = new Set<Promise<void>>();
  /** A fetch in the background failed: the fetch loop backs off before the next one. */
  private fetchFailure: { error: unknown } | undefined;
  private fetchFailures = 0;
  private readonly partitions = new Map<string, PartitionState>();
  /** Outlives rebalances, like kafkajs's paused set: a paused partition given back stays paused. */
  private readonly paused = new Set<string>();
  private readonly batches = new Set<Promise<void>>();
  private onBatch: (batch: PartitionBatch) => Promise<void> = async () => {};
  private events: GroupConsumerEvents = {};
  private handling = 0;
  private readonly waitingForSlot: (() => void)[] = [];
  private wake: (() => void) | undefined;
  /** Joins the library reported, and the join whose assignment the fetch loop follows. */
  private joins = 0;
  private assignedJoin = -1;
  private rebalancing = false;
  private running: Promise<void> | undefined;
  /** Said once: the endpoint consumer replaces a member that crashed, and a second report would replace it twice. */
  private crashed = false;
  private stopping = false;
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly settings: GroupConsumerSettings,
    private readonly context: PlatformaticConsumerContext,
    private readonly forget: () => void,
  ) {
    this.consumer = new Consumer({
      clientId: context.clientId,
      bootstrapBrokers: context.bootstrapBrokers,
      ...context.connection,
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      rebalanceTimeout: settings.rebalanceTimeoutMs,
      maxWaitTime: settings.maxWaitTimeMs,
      autocommit: false,
      autocreateTopics: false,
      // The library's default (1 s between tries) would keep a rejoin after a broker restart waiting for long.
      retryDelay: 250,
    });
    this.lanes = new FetchLanes(
      Array.from({ length: FETCH_LANES }, () => new ConnectionPool(context.clientId, context.connection)),
    );
    watchCoordinator(this.consumer, (error) => this.lostCoordinator(error));
    context.connections.watch(this.consumer.connections);
    for (const pool of this.lanes.pools) {
      refuseUnknownBrokers(pool);
      context.connections.watch(pool);
    }
  }

  async start(
    onBatch: (batch: PartitionBatch) => Promise<void>,
    events: GroupConsumerEvents = {},
  ): Promise<void> {
    this.onBatch = onBatch;
    this.events = events;
    const { consumer } = this;
    // From the moment the group rebalances until this member has its new assignment, nothing fetched is handed out:
    // its partitions may already belong to another member.
    consumer.on('consumer:group:rebalance', () => {
      this.rebalancing = true;
    });
    consumer.on('consumer:group:join', () => {
      this.joins++;
      this.rebalancing = false;
      this.wake?.();
      if (this.running) this.events.rejoined?.();
    });
    // The library rejoins by itself after a rebalance or an expired session; it reports here when it gave up, and
    // the endpoint consumer then replaces this member. Without a listener, an 'error' event would throw.
    consumer.on('error', (error: Error) => this.crash(error));
    this.finishBatchesBeforeRejoining();
    consumer.topics.trackAll(...this.settings.topics);
    const predecessor = this.context.handOver.take(this.settings.groupId);
    if (predecessor !== undefined) {
      consumer.memberId = predecessor;
      this.context.logger.debug(
        { groupId: this.settings.groupId, memberId: predecessor },
        'Kafka consumer rejoins its group under the member id of the one it replaces',
      );
    }
    await consumer.joinGroup({});
    await this.assign();
    this.running = this.run();
  }

  /** Its successor rejoins under this member's id (see MemberHandOver), so it need not wait for the group. */
  private lostCoordinator(error: Error): void {
    if (this.running === undefined || this.stopping || this.crashed) return;
    this.context.handOver.leave(this.settings.groupId, this.consumer.memberId);
    this.crash(error);
  }

  private crash(error: Error): void {
    if (this.stopping || this.crashed) return;
    this.crashed = true;
    this.events.crashed?.(error, false);
  }

  /**
   * Kafka's rebalance protocol gives a member until `rebalanceTimeoutMs` to rejoin, so it can finish and commit
   * what it holds first (kafkajs finishes its batches; the Java client runs onPartitionsRevoked). The library
   * rejoins the moment its heartbeat hears of a rebalance: the new owner of a partition would then fetch from the
   * last commit while this member still handles the batch — the same key handled twice at once, out of order. So
   * the library's JoinGroup request (it asks for every API through `kGetApi`) waits until this member's batches in
   * flight ended and their offsets are committed, or the rebalance timeout (less a margin) ran out.
   */
  private finishBatchesBeforeRejoining(): void {
    const consumer = this.consumer as unknown as Record<symbol, (name: string, callback: unknown) => void>;
    const getApi = consumer[kGetApi]?.bind(this.consumer);
    if (typeof getApi !== 'function') return;
    consumer[kGetApi] = (name: string, callback: unknown) => {
      if (name !== 'JoinGroup' || this.running === undefined || this.stopping) return getApi(name, callback);
      this.rebalancing = true;
      void this.finishBatches().then(() => getApi(name, callback));
    };
  }

  private async finishBatches(): Promise<void> {
    const margin = Math.min(5_000, this.settings.rebalanceTimeoutMs / 4);
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.settings.rebalanceTimeoutMs - margin);
    });
    try {
      await Promise.race([Promise.allSettled([...this.batches]), outOfTime]);
      // Committed under the generation that is ending, as Kafka allows until the member rejoins.
      await Promise.allSettled([...this.partitions.values()].map((state) => this.commitResolved(state)));
    } finally {
      clearTimeout(timer);
    }
  }

  /** After each join: keep the partitions still ours, revoke the others, find where the new ones start. */
  private async assign(): Promise<void> {
    const join = this.joins;
    const first = this.assignedJoin === -1;
    const assigned = new Map<string, { topic: string; partition: number }>();
    for (const { topic, partitions } of this.consumer.assignments ?? []) {
      for (const partition of partitions) assigned.set(`${topic}:${partition}`, { topic, partition });
    }
    for (const [key, state] of this.partitions) {
      if (assigned.has(key)) continue;
      state.revoked = true;
      this.partitions.delete(key);
    }
    const fresh: PartitionState[] = [];
    for (const [key, { topic, partition }] of assigned) {
      if (this.partitions.has(key)) continue;
      const state: PartitionState = {
        topic,
        partition,
        key,
        position: undefined,
        resolved: undefined,
        committed: undefined,
        committing: Promise.resolve(),
        busy: false,
        fetching: false,
        revoked: false,
        leaderEpoch: -1,
      };
      this.partitions.set(key, state);
      fresh.push(state);
    }
    if (fresh.length > 0) await this.positionAt(fresh, first);
    this.assignedJoin = join;
    this.context.logger.debug(
      {
        groupId: this.settings.groupId,
        memberId: this.consumer.memberId,
        generationId: this.consumer.generationId,
        partitions: [...this.partitions.values()].map((state) => `${state.key}@${state.position}`),
      },
      'Kafka group assignment',
    );
  }

  private async positionAt(states: readonly PartitionState[], firstJoin: boolean): Promise<void> {
    if (firstJoin) {
      for (const state of states) {
        const start = this.settings.startOffsets
          ?.get(state.topic)
          ?.find((offset) => offset.partition === state.partition);
        if (start) state.position = BigInt(start.offset);
      }
    }
    const unknown = states.filter((state) => state.position === undefined);
    if (unknown.length === 0) return;
    const committed = await this.consumer.listCommittedOffsets({ topics: byTopic(unknown) });
    const withoutCommit: PartitionState[] = [];
    for (const state of unknown) {
      const offset = committed.get(state.topic)?.[state.partition];
      if (offset !== undefined && offset >= 0n) {
        state.position = offset;
        state.committed = offset;
      } else withoutCommit.push(state);
    }
    if (withoutCommit.length > 0) await this.resetToStart(withoutCommit);
  }

  /** Where a partition without a usable committed offset starts: the earliest or the latest offset. */
  private async resetToStart(states: readonly PartitionState[]): Promise<void> {
    const topics = [...new Set(states.map((state) => state.topic))];
    const ends = await this.consumer.listOffsets({
      topics,
      timestamp: this.settings.startFrom === 'earliest' ? EARLIEST : LATEST,
    });
    for (const state of states) state.position = ends.get(state.topic)?.[state.partition] ?? 0n;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        const failed = this.fetchFailure;
        this.fetchFailure = undefined;
        if (failed) throw failed.error;
        if (this.assignedJoin !== this.joins) await this.assign();
        const fetchable = [...this.partitions.values()].filter(
          (state) =>
            !state.busy && !state.fetching && state.position !== undefined && !this.paused.has(state.key),
        );
        const lane = fetchable.length === 0 || this.rebalancing ? undefined : this.lanes.take();
        if (lane === undefined) {
          await this.nextChange(this.settings.maxWaitTimeMs);
          continue;
        }
        this.fetchInBackground(fetchable, lane);
      } catch (error) {
        if (this.stopping) break;
        this.fetchFailures++;
        this.consumer.clearMetadata();
        this.context.logger.debug(
          { groupId: this.settings.groupId, err: error },
          'Kafka fetch failed; fetching again',
        );
        await this.nextChange(
          Math.min(FETCH_BACKOFF_MS.max, FETCH_BACKOFF_MS.initial * 2 ** (this.fetchFailures - 1)),
        );
      }
    }
  }

  /** One fetch on `lane`, not awaited by the loop: it looks for other partitions to fetch meanwhile. */
  private fetchInBackground(fetchable: readonly PartitionState[], lane: ConnectionPool): void {
    for (const state of fetchable) state.fetching = true;
    const fetched = this.fetchOnce(fetchable, lane).then(
      () => {
        this.fetchFailures = 0;
      },
      (error: unknown) => {
        this.fetchFailure = { error };
      },
    );
    const tracked = fetched.finally(() => {
      for (const state of fetchable) state.fetching = false;
      this.lanes.give(lane);
      this.fetches.delete(tracked);
      this.wake?.();
    });
    this.fetches.add(tracked);
  }

  private async fetchOnce(fetchable: readonly PartitionState[], lane: ConnectionPool): Promise<void> {
    const join = this.joins;
    const metadata = await this.consumer.metadata({ topics: [...this.settings.topics] });
    const byLeader = new Map<number, PartitionState[]>();
    for (const state of fetchable) {
      const leader = metadata.topics.get(state.topic)?.partitions[state.partition]?.leader;
      if (leader === undefined || leader < 0) continue;
      const states = byLeader.get(leader) ?? [];
      if (states.length === 0) byLeader.set(leader, states);
      states.push(state);
    }
    await Promise.all(
      [...byLeader].map(([leader, states]) => this.fetchFrom(leader, states, metadata, join, lane)),
    );
  }

  private async fetchFrom(
    leader: number,
    states: readonly PartitionState[],
    metadata: ClusterMetadata,
    join: number,
    lane: ConnectionPool,
  ) {
    const requested = new Map<string, bigint>();
    const topics = new Map<string, FetchRequestTopic>();
    const names = new Map<string, string>();
    for (const state of states) {
      const topic = metadata.topics.get(state.topic);
      if (!topic || state.position === undefined) continue;
      names.set(topic.id, state.topic);
      const request = topics.get(topic.id) ?? { topicId: topic.id, partitions: [] };
      topics.set(topic.id, request);
      const leaderEpoch = topic.partitions[state.partition]?.leaderEpoch ?? -1;
      request.partitions.push({
        partition: state.partition,
        fetchOffset: state.position,
        partitionMaxBytes: MAX_BYTES_PER_PARTITION,
        currentLeaderEpoch: leaderEpoch,
        lastFetchedEpoch: -1,
      });
      requested.set(state.key, state.position);
    }
    let response: FetchResponse;
    try {
      response = await this.consumer.fetch({
        node: leader,
        topics: [...topics.values()],
        maxWaitTime: this.settings.maxWaitTimeMs,
        connectionPool: lane,
      });
    } catch (error) {
      if (hasProtocolError(error, 'OFFSET_OUT_OF_RANGE')) {
        // Retention deleted records past a position: start again where the start policy says, as kafkajs does.
        await this.resetToStart(states.filter((state) => !state.revoked));
        return;
      }
      throw error;
    }
    // The group rebalanced while the fetch was out: the records may be another member's now. Dropped, and fetched
    // again (positions did not move) once the new assignment is known.
    if (this.stopping || this.rebalancing || this.joins !== join) return;
    for (const topicResponse of response.responses) {
      const topic = names.get(topicResponse.topicId);
      if (topic === undefined) continue;
      for (const partitionResponse of topicResponse.partitions) {
        const state = this.partitions.get(`${topic}:${partitionResponse.partitionIndex}`);
        const from = state && requested.get(state.key);
        // A rebalance or a seek moved the partition while the fetch was out: its answer is stale.
        if (!state || from === undefined || state.position !== from || state.busy) continue;
        this.take(state, from, partitionResponse.records ?? []);
      }
    }
  }

  /** Hands the fetched records of one partition out as a batch (or skips what holds none, like control records). */
  private take(state: PartitionState, from: bigint, batches: readonly RecordsBatch[]): void {
    const records: IncomingRecord[] = [];
    let last: bigint | undefined;
    for (const batch of batches) {
      last = batch.firstOffset + BigInt(batch.lastOffsetDelta);
      state.leaderEpoch = batch.partitionLeaderEpoch;
      if (batch.attributes & IS_CONTROL) continue;
      for (const record of batch.records) {
        const offset = batch.firstOffset + BigInt(record.offsetDelta);
        // A fetch answers whole record batches: those before the position were handled already.
        if (offset < from) continue;
        records.push({
          key: record.key,
          value: record.value,
          headers: headersOf(record.headers),
          offset: offset.toString(),
        });
      }
    }
    if (records.length === 0) {
      if (last !== undefined && last >= from) state.position = last + 1n;
      return;
    }
    state.busy = true;
    this.context.logger.debug(
      { memberId: this.consumer.memberId, partition: state.key, from: String(from), records: records.length },
      'Kafka batch fetched',
    );
    const handled = this.handle(state, records).finally(() => {
      this.batches.delete(handled);
    });
    this.batches.add(handled);
  }

  private async handle(state: PartitionState, records: readonly IncomingRecord[]): Promise<void> {
    const first = BigInt(records[0]?.offset ?? '0');
    await this.slot();
    try {
      if (!this.stopping && !state.revoked) await this.onBatch(this.batchOf(state, records));
    } catch (error) {
      this.context.logger.warn(
        { groupId: this.settings.groupId, topic: state.topic, partition: state.partition, err: error },
        'A Kafka batch handler failed; its unresolved records are fetched again',
      );
    } finally {
      this.release();
    }
    if (!state.revoked) {
      // Fetched again from the first record not resolved: the rest of the batch comes back in the next fetch.
      state.position = state.resolved !== undefined && state.resolved >= first ? state.resolved + 1n : first;
    }
    // In the background: the partition is fetched again without waiting a commit's round trip (kafkajs's
    // autoCommit after each batch, without its wait). Stopping and rebalancing wait for these commits. A member
    // that crashed commits nothing more (see shutdown).
    if (!state.revoked && !this.crashed) {
      this.commitResolved(state).catch((error: unknown) => {
        this.context.logger.warn(
          { groupId: this.settings.groupId, topic: state.topic, partition: state.partition, err: error },
          'Could not commit Kafka offsets after a batch; they are committed with the next one',
        );
      });
    }
    state.busy = false;
    this.wake?.();
  }

  private batchOf(state: PartitionState, records: readonly IncomingRecord[]): PartitionBatch {
    return {
      topic: state.topic,
      partition: state.partition,
      records,
      resolveOffset: (offset) => {
        const resolved = BigInt(offset);
        if (state.resolved === undefined || resolved > state.resolved) state.resolved = resolved;
      },
      commit: () => this.commitResolved(state),
      pause: () => {
        this.paused.add(state.key);
        return () => {
          this.paused.delete(state.key);
          this.wake?.();
        };
      },
      // The library heartbeats on its own timer, whatever the handlers do: nothing to add here.
      heartbeat: async () => {},
    };
  }

  private async commitAllResolved(): Promise<void> {
    await Promise.all(
      [...this.partitions.values()].map((state) =>
        this.commitResolved(state).catch((error: unknown) => {
          this.context.logger.debug(
            { groupId: this.settings.groupId, err: error },
            'Could not commit Kafka offsets while stopping',
          );
        }),
      ),
    );
  }

  private commitResolved(state: PartitionState): Promise<void> {
    const commit = state.committing.then(() => this.commitNow(state));
    state.committing = commit.catch(() => {});
    return commit;
  }

  private async commitNow(state: PartitionState): Promise<void> {
    if (state.revoked || state.resolved === undefined) return;
    const next = state.resolved + 1n;
    if (state.committed !== undefined && state.committed >= next) return;
    await this.consumer.commit({
      offsets: [
        { topic: state.topic, partition: state.partition, offset: next, leaderEpoch: state.leaderEpoch },
      ],
    });
    if (state.committed === undefined || next > state.committed) state.committed = next;
  }

  private async slot(): Promise<void> {
    if (this.handling < Math.max(1, this.settings.partitionsAtOnce)) {
      this.handling++;
      return;
    }
    await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
  }

  private release(): void {
    const next = this.waitingForSlot.shift();
    if (next) next();
    else this.handling--;
  }

  /** Resolves when a batch ends, a partition resumes, the group rebalances or the consumer stops, or after `ms`. */
  private nextChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = () => done();
      this.wake = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    try {
      await this.running;
      await Promise.allSettled([...this.fetches]);
      await Promise.allSettled([...this.batches]);
      // A member that crashed is no member any more (its coordinator left, or the library gave up on the group):
      // each commit would fail only after the library's retries, and hold back the member replacing it. What it
      // handled and did not commit comes again.
      if (!this.crashed) await this.commitAllResolved();
      this.context.connections.forget(this.consumer.connections);
      for (const pool of this.lanes.pools) this.context.connections.forget(pool);
      await Promise.allSettled([this.consumer.close(), ...this.lanes.pools.map((pool) => pool.close())]);
    } finally {
      this.forget();
    }
  }
}

function byTopic(states: readonly PartitionState[]): { topic: string; partitions: number[] }[] {
  const topics = new Map<string, number[]>();
  for (const state of states) {
    const partitions = topics.get(state.topic) ?? [];
    if (partitions.length === 0) topics.set(state.topic, partitions);
    partitions.push(state.partition);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

function headersOf(headers: readonly [Buffer | null, Buffer | null][]): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name === null) continue;
    decoded[name.toString()] = value === null ? '' : value.toString();
  }
  return decoded;
}
