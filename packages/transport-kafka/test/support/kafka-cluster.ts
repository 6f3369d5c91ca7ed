import { Kafka, logLevel } from 'kafkajs';

/**
 * The broker that leads most partitions of `topic` (node id), and how many replicas each partition has in sync —
 * asked of the cluster's metadata with a plain kafkajs admin client.
 */
export async function partitionLeadership(
  brokers: string,
  topic: string,
): Promise<{ leader: number; replicas: number[]; inSync: number[] }> {
  const admin = new Kafka({
    brokers: brokers.split(','),
    clientId: 'pm-tests-metadata',
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
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
  } finally {
    await admin.disconnect();
  }
}
