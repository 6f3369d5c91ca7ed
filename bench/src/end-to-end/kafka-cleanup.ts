import { Kafka, logLevel } from 'kafkajs';

/** Deletes a run's topics (and consumer groups) so repeated runs do not fill the broker's disk. */
export async function deleteKafkaResources(
  brokers: readonly string[],
  resources: { readonly topics: readonly string[]; readonly groups: readonly string[] },
): Promise<void> {
  const admin = new Kafka({
    brokers: [...brokers],
    clientId: 'bench-cleanup',
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = resources.topics.filter((topic) => existing.has(topic));
    // Only groups that exist: the toolkit's retry and replay groups are created when first consumed from.
    const known = new Set((await admin.listGroups()).groups.map((group) => group.groupId));
    const groups = resources.groups.filter((group) => known.has(group));
    if (groups.length > 0) {
      // A group whose members left a moment ago may still count as non-empty; it then expires on its own.
      await admin.deleteGroups(groups).catch((error: Error) => {
        process.stderr.write(`Kafka consumer groups ${groups.join(', ')} not deleted: ${error.message}\n`);
      });
    }
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

export function kafkaBrokers(list: string): string[] {
  return list
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}
