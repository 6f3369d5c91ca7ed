import type { EndpointTopology, Logger, Topology } from '@pragmatic-messaging/core';
import type { KafkaClient, TopicSpec } from './client/kafka-client.js';
import type { ResolvedKafkaOptions } from './kafka-transport-options.js';
import type { KafkaNaming } from './resource-names.js';

// Headers (failure stack, trace context) ride on top of the body; leave room for them and the batch framing.
const RECORD_OVERHEAD_BYTES = 64 * 1024;

/** The Kafka resources a topology needs, computed once so provisioning and `describe()` agree. */
export function topicSpecsOf(
  topology: Topology,
  naming: KafkaNaming,
  options: ResolvedKafkaOptions,
): TopicSpec[] {
  const specs = new Map<string, TopicSpec>();
  const maxBytes = String(options.maxMessageBytes + RECORD_OVERHEAD_BYTES);
  const add = (name: string, partitions: number, config: Record<string, string> = {}) => {
    const existing = specs.get(name);
    specs.set(name, {
      name,
      partitions: Math.max(partitions, existing?.partitions ?? 0),
      replicationFactor: options.replicationFactor,
      config: { 'max.message.bytes': maxBytes, ...config },
    });
  };
  for (const topic of topology.topics) add(naming.topic(topic.name), options.partitions);
  for (const endpoint of topology.endpoints) {
    for (const subscription of endpoint.subscriptions) {
      add(naming.topic(subscription.topic), Math.max(options.partitions, endpoint.partitions ?? 0));
    }
    if (endpoint.temporary) continue;
    for (const delay of endpoint.retryDelays)
      add(naming.retryTopic(endpoint.name, delay), options.partitions);
    add(naming.replayTopic(endpoint.name), 1);
    // Compacted and keyed by message id: a replay or purge writes a tombstone that removes the dead letter.
    add(naming.deadLetterTopic(endpoint.name), 1, { 'cleanup.policy': 'compact' });
  }
  return [...specs.values()];
}

/**
 * Creates missing topics (existing ones are left as they are: Kafka cannot shrink partitions) and anchors each
 * new endpoint's consumer group at the current end of its topics, so an endpoint gets what is published after it
 * was provisioned — like a queue — rather than the topic's whole history.
 */
export class KafkaProvisioner {
  constructor(
    private readonly client: KafkaClient,
    private readonly naming: KafkaNaming,
    private readonly options: ResolvedKafkaOptions,
    private readonly logger: Logger,
    private readonly knownTopics: Set<string>,
  ) {}

  async provision(topology: Topology): Promise<void> {
    const specs = topicSpecsOf(topology, this.naming, this.options);
    const missing = specs.filter((spec) => !this.knownTopics.has(spec.name));
    if (missing.length > 0) {
      const existing = await this.client.topicNames();
      const toCreate = missing.filter((spec) => !existing.has(spec.name));
      await this.client.createTopics(toCreate);
      for (const spec of toCreate) {
        this.logger.info({ topic: spec.name, partitions: spec.partitions }, 'Kafka topic created');
      }
      for (const spec of specs) this.knownTopics.add(spec.name);
      this.warnAboutFewerPartitions(topology, existing);
    }
    for (const endpoint of topology.endpoints) {
      if (!endpoint.temporary) await this.anchorNewGroup(endpoint);
    }
  }

  private async anchorNewGroup(endpoint: EndpointTopology): Promise<void> {
    const groupId = this.naming.group(endpoint.name);
    // A group that exists already had members: they read from the earliest offset where nothing was committed,
    // so moving its offsets now could skip a message one of them received but did not finish.
    if (await this.client.groupExists(groupId)) return;
    for (const subscription of endpoint.subscriptions) {
      const topic = this.naming.topic(subscription.topic);
      const committed = await this.client.committedOffsets(groupId, topic);
      const unset = new Set(
        committed.filter(({ offset }) => offset === '-1').map(({ partition }) => partition),
      );
      if (unset.size === 0) continue;
      // An empty partition needs no anchor: its earliest offset is its end (and anchoring costs a group join).
      const ends = (await this.client.topicOffsets(topic)).filter(
        ({ partition, low, high }) => unset.has(partition) && low !== high,
      );
      if (ends.length === 0) continue;
      try {
        await this.client.setCommittedOffsets(
          groupId,
          topic,
          ends.map(({ partition, high }) => ({ partition, offset: high })),
        );
      } catch (error) {
        // The group already has live members: they read from the earliest offset where nothing is committed.
        this.logger.debug(
          { group: groupId, topic, err: error },
          'Group is active; offsets left to its members',
        );
      }
    }
  }

  private warnAboutFewerPartitions(topology: Topology, existing: Set<string>): void {
    for (const endpoint of topology.endpoints) {
      if (!endpoint.partitions || endpoint.partitions <= this.options.partitions) continue;
      for (const subscription of endpoint.subscriptions) {
        const topic = this.naming.topic(subscription.topic);
        if (existing.has(topic)) {
          this.logger.warn(
            { topic, endpoint: endpoint.name, partitions: endpoint.partitions },
            'Topic existed before this endpoint asked for more partitions; per-key order holds, parallelism is bounded by the existing count',
          );
        }
      }
    }
  }
}
