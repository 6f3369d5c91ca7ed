import {
  ConcurrencyLimit,
  type DeliveryHandler,
  type EndpointTopology,
  type Logger,
  MessagingError,
  type Subscription,
  type TransportMessage,
} from '@pragmatic-messaging/core';
import type { GroupConsumer, KafkaClient, PartitionBatch } from './client/kafka-client.js';
import type { EndpointSettlement } from './endpoint-settlement.js';
import { InFlightDeliveries } from './in-flight-deliveries.js';
import { type BatchState, KafkaDelivery } from './kafka-delivery.js';
import type { ResolvedKafkaOptions } from './kafka-transport-options.js';
import { dueAtOf, fromRecord } from './message-codec.js';
import { OffsetWatermark } from './offset-watermark.js';
import type { KafkaNaming } from './resource-names.js';

// A batch whose delivery could not be settled is fetched again after this pause, so a failing broker is not hammered.
const REFETCH_BACKOFF_MS = 500;
// After kafkajs gives up on a consumer, the first restart comes after this long, doubling up to the cap.
const RESTART_BACKOFF_MS = { initial: 500, max: 5_000 };

/** What the transport hears of this endpoint's consumer beyond its batches. */
export interface ConsumerEvents {
  /** The consumer crashed; `restarting` tells whether it is already being restarted (by kafkajs or by us). */
  failed(endpoint: string, error: Error, restarting: boolean): void;
  /** A consumer that crashed joined its group again (restarted by kafkajs or by us). */
  recovered(endpoint: string): void;
}

/**
 * Consumes one endpoint as a Kafka consumer group: its subscribed topics plus its own retry and replay topics.
 * Records are handed out concurrently (bounded by the endpoint's concurrency), in key order on ordered endpoints,
 * and a partition's offset is resolved only up to its in-flight-safe watermark; kafkajs commits the resolved
 * offsets after each batch, so commits are batched and never run ahead of a message still being handled.
 */
export class EndpointConsumer implements Subscription {
  private group: GroupConsumer | undefined;
  private readonly subscribedTopics: readonly string[];
  private readonly ownTopics: readonly string[];
  private readonly limit: ConcurrencyLimit;
  private readonly active = new Set<BatchState>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  /** Highest offset handed out per partition, to flag records seen before as redelivered. */
  private readonly handedOut = new Map<string, bigint>();
  private readonly delayedTopics: ReadonlySet<string>;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly endpoint: EndpointTopology,
    private readonly handler: DeliveryHandler,
    private readonly settlement: EndpointSettlement,
    private readonly naming: KafkaNaming,
    private readonly client: KafkaClient,
    private readonly options: ResolvedKafkaOptions,
    private readonly logger: Logger,
    private readonly events: ConsumerEvents,
  ) {
    const ownTopics = endpoint.temporary
      ? []
      : [
          ...endpoint.retryDelays.map((delay) => naming.retryTopic(endpoint.name, delay)),
          naming.replayTopic(endpoint.name),
        ];
    this.delayedTopics = new Set(ownTopics);
    this.ownTopics = ownTopics;
    this.subscribedTopics = endpoint.subscriptions.map((subscription) => naming.topic(subscription.topic));
    this.limit = new ConcurrencyLimit(Math.max(1, endpoint.concurrency));
  }

  /** Resolves once this member joined the group and got its partitions. */
  async start(): Promise<void> {
    const { endpoint, options, naming } = this;
    this.group = this.client.groupConsumer({
      groupId: naming.group(endpoint.name),
      topics: [...new Set([...this.subscribedTopics, ...this.ownTopics])],
      // Provisioning anchored the group at the end of existing topics; anything newer must not be skipped.
      startFrom: endpoint.temporary ? 'latest' : 'earliest',
      startOffsets: endpoint.temporary ? await this.currentEnds() : undefined,
      partitionsAtOnce: Math.max(1, endpoint.concurrency),
      sessionTimeoutMs: options.sessionTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs,
      maxWaitTimeMs: options.maxWaitTimeMs,
    });
    await this.group.start((batch) => this.onBatch(batch), {
      crashed: (error, restarting) => this.onCrash(error, restarting),
      rejoined: () => this.events.recovered(this.endpoint.name),
    });
    this.logger.debug({ endpoint: this.endpoint.name }, 'Kafka consumer joined its group');
  }

  /**
   * kafkajs restarts a consumer after errors it deems retriable and gives up after any other — a group coordinator
   * not found after a broker restart, say. A consumer that gave up would leave the endpoint silent for good, so it is
   * replaced by a new one, with backoff, until it joins again.
   */
  private onCrash(error: Error, restartingItself: boolean): void {
    if (this.stopping) return;
    this.events.failed(this.endpoint.name, error, restartingItself);
    if (!restartingItself) this.scheduleRestart(1);
  }

  private scheduleRestart(attempt: number): void {
    const delay = Math.min(RESTART_BACKOFF_MS.max, RESTART_BACKOFF_MS.initial * 2 ** (attempt - 1));
    this.restartTimer = setTimeout(() => void this.restart(attempt), delay);
  }

  private async restart(attempt: number): Promise<void> {
    if (this.stopping) return;
    await this.group?.stop().catch((error: unknown) => {
      this.logger.debug(
        { endpoint: this.endpoint.name, err: error },
        'A crashed Kafka consumer did not stop cleanly',
      );
    });
    if (this.stopping) return;
    try {
      await this.start();
      // stop() came while the new member was joining, and may have stopped the old one only: stop this one too.
      if (this.stopping) {
        await this.group?.stop();
        return;
      }
      this.events.recovered(this.endpoint.name);
    } catch (error) {
      this.logger.warn(
        { endpoint: this.endpoint.name, attempt, err: error },
        'Kafka consumer could not rejoin its group; trying again',
      );
      if (!this.stopping) this.scheduleRestart(attempt + 1);
    }
  }

  /** Graceful: stop handing out records, let handed-out ones settle, commit, leave the group. */
  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  /** Abrupt (the transport closes): deliveries still out can no longer be settled and will be redelivered. */
  async abort(): Promise<void> {
    this.stopping = true;
    for (const state of this.active) {
      state.live = false;
      state.lost.abort(
        new MessagingError(
          'DELIVERY_LOST',
          `The Kafka consumer of endpoint "${this.endpoint.name}" closed; uncommitted records will be delivered again`,
        ),
      );
      state.inFlight.abandon();
    }
    await this.stop();
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.group?.stop();
    // A temporary endpoint lives only as long as its consumer: nothing of it should stay on the broker.
    if (this.endpoint.temporary) {
      const groupId = this.naming.group(this.endpoint.name);
      await this.client.deleteGroup(groupId).catch((error: unknown) => {
        this.logger.warn({ endpoint: this.endpoint.name, err: error }, 'Could not delete a temporary group');
      });
    }
  }

  /** The end of each subscribed topic now: a temporary endpoint starts there. */
  private async currentEnds(): Promise<Map<string, { partition: number; offset: string }[]>> {
    const ends = new Map<string, { partition: number; offset: string }[]>();
    for (const topic of this.subscribedTopics) {
      const offsets = await this.client.topicOffsets(topic);
      ends.set(
        topic,
        offsets.map(({ partition, high }) => ({ partition, offset: high })),
      );
    }
    return ends;
  }

  private async onBatch(batch: PartitionBatch): Promise<void> {
    if (this.stopping) return;
    const state: BatchState = {
      watermark: new OffsetWatermark(),
      inFlight: new InFlightDeliveries(),
      batch,
      partition: `${batch.topic}/${batch.partition}`,
      live: true,
      lost: new AbortController(),
      interrupted: false,
    };
    this.active.add(state);
    // kafkajs heartbeats only between batches; a slow handler must not get this member evicted from its group.
    const heartbeat = setInterval(() => {
      batch.heartbeat().catch((error: unknown) => {
        this.logger.debug(
          { endpoint: this.endpoint.name, err: error },
          'Heartbeat during a long batch failed',
        );
      });
    }, this.options.heartbeatIntervalMs);
    try {
      const dueAt = await this.handOut(state);
      if (!state.live) return;
      if (this.stopping) await batch.commit();
      else if (state.interrupted) await delay(REFETCH_BACKOFF_MS);
      else if (dueAt !== undefined) this.pauseUntil(batch, dueAt);
    } finally {
      clearInterval(heartbeat);
      this.active.delete(state);
    }
  }

  /** Hands out the batch's records; returns when the first record not yet due was found, if any. */
  private async handOut(state: BatchState): Promise<number | undefined> {
    const { batch } = state;
    const delayed = this.delayedTopics.has(batch.topic);
    const lanes = new Map<string, Promise<void>>();
    let notDueUntil: number | undefined;
    for (const record of batch.records) {
      if (this.stopping || state.interrupted) break;
      const dueAt = delayed ? dueAtOf(record) : undefined;
      if (dueAt !== undefined && dueAt > Date.now()) {
        notDueUntil = dueAt;
        break;
      }
      const message = fromRecord(record, this.naming.toolkitTopic(batch.topic));
      state.watermark.track(record.offset);
      state.inFlight.track(
        this.inLane(lanes, message, record.offset, () => this.deliver(state, message, record.offset)),
      );
      // Bound what one batch holds in memory and in flight to the endpoint's prefetch.
      await state.inFlight.below(this.endpoint.prefetch);
    }
    await state.inFlight.below(1);
    return notDueUntil;
  }

  /** Ordered endpoints keep each key (or, if configured, the whole partition) in order; others run freely. */
  private inLane(
    lanes: Map<string, Promise<void>>,
    message: TransportMessage,
    offset: string,
    deliver: () => Promise<void>,
  ): Promise<void> {
    if (this.endpoint.partitions === undefined) return deliver();
    const lane = this.options.concurrentKeysPerPartition ? (message.key ?? `offset:${offset}`) : 'partition';
    const run = (lanes.get(lane) ?? Promise.resolve()).then(deliver);
    lanes.set(lane, run);
    return run;
  }

  private async deliver(state: BatchState, message: TransportMessage, offset: string): Promise<void> {
    await this.limit.acquire();
    try {
      if (this.stopping || state.interrupted || !state.live) return;
      const redelivered = this.markHandedOut(state.partition, offset);
      const delivery = new KafkaDelivery(message, redelivered, offset, state, this.endpoint, this.settlement);
      try {
        await this.handler(delivery);
      } catch (error) {
        this.logger.error(
          { endpoint: this.endpoint.name, messageId: message.id, type: message.type, err: error },
          'Delivery handler failed; the record will be fetched again',
        );
      }
      if (!delivery.settled) state.interrupted = true;
    } finally {
      this.limit.release();
    }
  }

  private markHandedOut(partition: string, offset: string): boolean {
    const current = BigInt(offset);
    const highest = this.handedOut.get(partition);
    if (highest === undefined || current > highest) this.handedOut.set(partition, current);
    return highest !== undefined && current <= highest;
  }

  /** A retry not yet due: stop fetching its partition until then; the unresolved record is fetched again. */
  private pauseUntil(batch: PartitionBatch, dueAt: number): void {
    const resume = batch.pause();
    const timer = setTimeout(
      () => {
        this.resumeTimers.delete(timer);
        resume();
      },
      Math.max(0, dueAt - Date.now()),
    );
    this.resumeTimers.add(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
