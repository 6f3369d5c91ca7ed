import { randomUUID } from 'node:crypto';
import {
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterQueue,
  matchesDeadLetterFilter,
  readDeadLetter,
  replayCopy,
} from '@pragmatic-messaging/core';
import type { IncomingRecord, KafkaClient, OutgoingRecord } from './client/kafka-client.js';
import type { ResolvedKafkaOptions } from './kafka-transport-options.js';
import { fromRecord, toRecord } from './message-codec.js';
import type { KafkaNaming } from './resource-names.js';

interface StoredDeadLetter {
  readonly deadLetter: DeadLetter;
  readonly offset: bigint;
}

/**
 * Dead letters live in the endpoint's compacted dead-letter topic, keyed by message id. Listing reads the topic
 * from its start to its end; replay appends a fresh copy to the endpoint's replay topic (so only that endpoint
 * sees it again) and then a tombstone for the id; purge writes tombstones only. Compaction later drops the
 * dead letter and its tombstone for good.
 */
export class KafkaDeadLetterQueue implements DeadLetterQueue {
  constructor(
    private readonly endpoint: string,
    private readonly client: KafkaClient,
    private readonly naming: KafkaNaming,
    private readonly options: ResolvedKafkaOptions,
    private readonly send: (records: readonly OutgoingRecord[]) => Promise<void>,
  ) {}

  async list(options: { limit?: number } = {}): Promise<DeadLetter[]> {
    const stored = await this.read();
    return stored.slice(0, options.limit).map((entry) => entry.deadLetter);
  }

  async replay(filter?: DeadLetterFilter): Promise<number> {
    const matching = await this.matching(filter);
    const replayTopic = this.naming.replayTopic(this.endpoint);
    for (const { message } of matching) {
      await this.send([
        toRecord(replayCopy(message), { topic: replayTopic, key: message.key ?? message.id }),
      ]);
      await this.send([this.tombstone(message.id)]);
    }
    return matching.length;
  }

  async purge(filter?: DeadLetterFilter): Promise<number> {
    const matching = await this.matching(filter);
    if (matching.length > 0) await this.send(matching.map(({ message }) => this.tombstone(message.id)));
    return matching.length;
  }

  private async matching(filter: DeadLetterFilter | undefined): Promise<DeadLetter[]> {
    return (await this.read())
      .map((entry) => entry.deadLetter)
      .filter((deadLetter) => matchesDeadLetterFilter(deadLetter, filter));
  }

  private tombstone(id: string): OutgoingRecord {
    return { topic: this.naming.deadLetterTopic(this.endpoint), key: id, value: null, headers: {} };
  }

  /** The live dead letters, oldest first: the latest record per id, unless it is a tombstone. */
  private async read(): Promise<StoredDeadLetter[]> {
    const topic = this.naming.deadLetterTopic(this.endpoint);
    const records = await readWholeTopic(this.client, topic, this.naming, this.options);
    const live = new Map<string, StoredDeadLetter>();
    for (const { record } of records) {
      const id = record.key?.toString() ?? '';
      if (record.value === null) {
        live.delete(id);
        continue;
      }
      const message = fromRecord(record, this.naming.toolkitTopic(topic));
      live.delete(id);
      live.set(id, { deadLetter: readDeadLetter(message), offset: BigInt(record.offset) });
    }
    return [...live.values()].sort((a, b) => (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  }
}

const READ_TIMEOUT_MS = 30_000;

/** Reads every record a topic holds right now, with a throwaway consumer group that is deleted afterwards. */
async function readWholeTopic(
  client: KafkaClient,
  topic: string,
  naming: KafkaNaming,
  options: ResolvedKafkaOptions,
): Promise<{ record: IncomingRecord; partition: number }[]> {
  const ends = new Map(
    (await client.topicOffsets(topic))
      .filter(({ low, high }) => low !== high)
      .map(({ partition, high }) => [partition, BigInt(high) - 1n]),
  );
  if (ends.size === 0) return [];
  const records: { record: IncomingRecord; partition: number }[] = [];
  const remaining = new Set(ends.keys());
  let done!: () => void;
  const complete = new Promise<void>((resolve) => {
    done = resolve;
  });
  const groupId = naming.group(`pm-dead-letter-reader-${randomUUID()}`);
  const reader = client.groupConsumer({
    groupId,
    topics: [topic],
    startFrom: 'earliest',
    partitionsAtOnce: 1,
    sessionTimeoutMs: options.sessionTimeoutMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    rebalanceTimeoutMs: options.rebalanceTimeoutMs,
    maxWaitTimeMs: Math.min(options.maxWaitTimeMs, 200),
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await reader.start(async (batch) => {
      const end = ends.get(batch.partition);
      for (const record of batch.records) {
        const offset = BigInt(record.offset);
        if (end === undefined || offset > end) {
          remaining.delete(batch.partition);
          break;
        }
        records.push({ record, partition: batch.partition });
        batch.resolveOffset(record.offset);
        // Compaction leaves gaps, so reaching the end means "at or past the last offset seen at the start".
        if (offset >= end) remaining.delete(batch.partition);
      }
      if (remaining.size === 0) done();
    });
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Timed out after ${READ_TIMEOUT_MS}ms reading dead-letter topic "${topic}"`)),
        READ_TIMEOUT_MS,
      );
    });
    await Promise.race([complete, timedOut]);
  } finally {
    clearTimeout(timer);
    await reader.stop();
    await client.deleteGroup(groupId).catch((error: unknown) => {
      // The group holds no state worth keeping; the broker expires it by itself if deletion fails.
      options.logger.debug({ group: groupId, err: error }, 'Could not delete the dead-letter reader group');
    });
  }
  return records;
}
