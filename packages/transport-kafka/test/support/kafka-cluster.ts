import { Consumer } from '@platformatic/kafka';
import { type Admin, Kafka, logLevel } from 'kafkajs';

/**
 * The broker that leads most partitions of `topic` (node id), and how many replicas each partition has in sync —
 * asked of the cluster's metadata with a plain kafkajs admin client.
 */
export async function partitionLeadership(
  brokers: string,
  topic: string,
): Promise<{ leader: number; replicas: number[]; inSync: number[] }> {
  return withAdmin(brokers, async (admin) => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitions = topics[0]?.partitions ?? [];
    const led = new Map<number, number>();
    for (const partition of partitions) led.set(partition.leader, (led.get(partition.leader) ?? 0) + 1);
    const [leader] = [...led.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
    if (leader === undefined) throw new Error(`Topic ${topic} has no partition leader`);
    return {
      leader,
      replicas: partitions.map((partition) => partition.replicas.length),
      inSync: partitions.map((partition) => partition.isr.length),
    };
  });
}

/** The broker (node id) that coordinates consumer group `groupId`, from a FindCoordinator request. */
export async function groupCoordinator(brokers: string, groupId: string): Promise<number> {
  const consumer = new Consumer({
    clientId: 'pm-tests-coordinator',
    bootstrapBrokers: brokers.split(','),
    groupId,
  });
  try {
    return await consumer.findGroupCoordinator();
  } finally {
    await consumer.close();
  }
}

/** A partition of a topic: its end and consumer group's committed offset (-1 when none is committed). */
export interface PartitionProgress {
  partition: number;
  end: number;
  committed: number;
}

/** Records of `topic` past consumer group `groupId`'s committed offsets: the sum, and each partition's. */
export async function groupLag(
  brokers: string,
  groupId: string,
  topic: string,
): Promise<{ lag: number; partitions: PartitionProgress[] }> {
  return withAdmin(brokers, async (admin) => {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const partitions = ends.map(({ partition, high }) => ({
      partition,
      end: Number(high),
      committed: Number(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? '-1'),
    }));
    const lag = partitions.reduce((sum, { end, committed }) => sum + end - Math.max(0, committed), 0);
    return { lag, partitions };
  });
}

/** Runs `work` with a plain kafkajs admin client of the cluster, disconnected afterwards. */
async function withAdmin<T>(brokers: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({
    brokers: brokers.split(','),
    clientId: 'pm-tests-admin',
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
