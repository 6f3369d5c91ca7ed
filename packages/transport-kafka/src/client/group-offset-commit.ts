import type { Kafka } from 'kafkajs';
import type { PartitionOffset } from './kafka-client.js';

/** The slice of kafkajs's internal broker connection used here. */
interface CoordinatorConnection {
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
}

/** The slice of kafkajs's internal cluster used here. */
interface Cluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(request: { groupId: string }): Promise<CoordinatorConnection>;
}

type CreateCluster = (options: { allowAutoTopicCreation: boolean }) => Cluster;

// Generation -1 and no member id: a commit "from outside the group", which the broker accepts only for a group
// with no members (and creates the group, empty, if it does not exist yet).
const NO_GENERATION = -1;
const NO_MEMBER = '';

/**
 * Commits a group's offsets without joining the group, as Kafka's own AdminClient.alterConsumerGroupOffsets does.
 * kafkajs has no such call: its admin.setOffsets joins the group with a consumer and waits for a fetch (several
 * seconds for a new group, because of the broker's initial rebalance delay). So this sends the OffsetCommit
 * request to the group coordinator over a cluster that kafkajs builds with the client's own settings (brokers,
 * TLS, SASL, tracked sockets). That cluster factory is kafkajs-internal (2.2.4 is the last release, pinned):
 * `of` returns undefined when it is not found, and the caller falls back to admin.setOffsets.
 */
export class GroupOffsetCommit {
  private constructor(private readonly createCluster: CreateCluster) {}

  static of(kafka: Kafka): GroupOffsetCommit | undefined {
    const factory = Object.getOwnPropertySymbols(kafka).find(
      (symbol) => symbol.description === 'private:Kafka:createCluster',
    );
    const createCluster = factory && (kafka as unknown as Record<symbol, unknown>)[factory];
    return typeof createCluster === 'function'
      ? new GroupOffsetCommit(createCluster as CreateCluster)
      : undefined;
  }

  /** Rejects (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION…) when the group has members. */
  async commit(groupId: string, topic: string, offsets: readonly PartitionOffset[]): Promise<void> {
    const cluster = this.createCluster({ allowAutoTopicCreation: false });
    await cluster.connect();
    try {
      const coordinator = await cluster.findGroupCoordinator({ groupId });
      await coordinator.offsetCommit({
        groupId,
        groupGenerationId: NO_GENERATION,
        memberId: NO_MEMBER,
        topics: [{ topic, partitions: offsets.map(({ partition, offset }) => ({ partition, offset })) }],
      });
    } finally {
      await cluster.disconnect();
    }
  }
}
