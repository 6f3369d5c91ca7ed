import type {
  AsyncApiBindings,
  AsyncApiServer,
  EndpointTopology,
  Topology,
  TransportAsyncApi,
  TransportAsyncApiEndpoint,
  TransportAsyncApiTopic,
} from '@pragmatic-messaging/core';
import type { ResolvedKafkaOptions } from './kafka-transport-options.js';
import { topicSpecsOf } from './provisioner.js';
import type { KafkaNaming } from './resource-names.js';

// The Kafka bindings of AsyncAPI (https://github.com/asyncapi/bindings/tree/master/kafka).
const BINDING_VERSION = '0.5.0';

/**
 * Kafka in AsyncAPI terms: a server per bootstrap broker, a topic is its Kafka topic (partitions, replicas and
 * configuration as provisioning creates them), an endpoint is its consumer group: a channel over the Kafka topics
 * it reads (`{topic}` when there are several), received with the group's id.
 */
export function kafkaAsyncApi(
  topology: Topology,
  naming: KafkaNaming,
  options: ResolvedKafkaOptions,
): TransportAsyncApi {
  const specs = new Map(topicSpecsOf(topology, naming, options).map((spec) => [spec.name, spec]));
  const topics: Record<string, TransportAsyncApiTopic> = {};
  for (const topic of topology.topics) {
    const name = naming.topic(topic.name);
    const spec = specs.get(name)!;
    topics[topic.name] = {
      address: name,
      description: `Kafka: topic "${name}" with ${spec.partitions} partition(s); a record's key is the message key.`,
      bindings: {
        kafka: {
          topic: name,
          partitions: spec.partitions,
          // -1 leaves the replication factor to the broker's default, which the document cannot know.
          ...(spec.replicationFactor > 0 ? { replicas: spec.replicationFactor } : {}),
          topicConfiguration: { 'max.message.bytes': Number(spec.config['max.message.bytes']) },
          bindingVersion: BINDING_VERSION,
        },
      },
    };
  }
  const endpoints: Record<string, TransportAsyncApiEndpoint> = {};
  for (const endpoint of topology.endpoints)
    endpoints[endpoint.name] = endpointPart(endpoint, naming, options);
  const messages: Record<string, AsyncApiBindings> = {};
  for (const type of topology.topics.flatMap((topic) => topic.messageTypes)) {
    messages[type] = {
      kafka: {
        key: {
          type: ['string', 'null'],
          description: "The message key (the contract's key); null without one.",
        },
        bindingVersion: BINDING_VERSION,
      },
    };
  }
  return { servers: serversOf(options), topics, endpoints, messages };
}

function endpointPart(
  endpoint: EndpointTopology,
  naming: KafkaNaming,
  options: ResolvedKafkaOptions,
): TransportAsyncApiEndpoint {
  const group = naming.group(endpoint.name);
  const read = endpoint.subscriptions.map((subscription) => naming.topic(subscription.topic));
  const own = endpoint.temporary
    ? []
    : [
        ...endpoint.retryDelays.map((delay) => `retry topic "${naming.retryTopic(endpoint.name, delay)}"`),
        `replay topic "${naming.replayTopic(endpoint.name)}"`,
        `dead letters in "${naming.deadLetterTopic(endpoint.name)}" (compacted)`,
      ];
  const receive: AsyncApiBindings = {
    kafka: {
      groupId: { type: 'string', enum: [group] },
      clientId: { type: 'string', enum: [options.clientId] },
      bindingVersion: BINDING_VERSION,
    },
  };
  return {
    address: read.length === 1 ? read[0]! : '{topic}',
    description: `Kafka: consumer group "${group}" reads ${read.map((topic) => `"${topic}"`).join(', ')}${own.length > 0 ? `; ${own.join('; ')}` : ''}.`,
    ...(read.length === 1
      ? {}
      : { parameters: { topic: { description: 'A Kafka topic the consumer group reads.', enum: read } } }),
    receive: Object.fromEntries(endpoint.subscriptions.map((subscription) => [subscription.topic, receive])),
  };
}

function serversOf(options: ResolvedKafkaOptions): Record<string, AsyncApiServer> {
  const secure = Boolean(options.ssl) || options.sasl !== undefined;
  return Object.fromEntries(
    options.brokers.map((broker, index) => [
      options.brokers.length === 1 ? 'kafka' : `kafka-${index + 1}`,
      {
        host: broker,
        protocol: secure ? 'kafka-secure' : 'kafka',
        description: 'Kafka bootstrap broker.',
      },
    ]),
  );
}
