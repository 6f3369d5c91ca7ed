import type {
  AsyncApiBindings,
  AsyncApiServer,
  EndpointTopology,
  Topology,
  TransportAsyncApi,
  TransportAsyncApiEndpoint,
  TransportAsyncApiTopic,
} from '@pragmatic-messaging/core';
import type { RabbitMqQueueType } from './rabbitmq-transport-options.js';
import type { ResourceNames } from './resource-names.js';

// The AMQP 0-9-1 bindings of AsyncAPI (https://github.com/asyncapi/bindings/tree/master/amqp).
const BINDING_VERSION = '0.3.0';
const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'amqp:': '5672', 'amqps:': '5671' };

export interface RabbitMqAsyncApiSettings {
  readonly urls: readonly string[];
  readonly names: ResourceNames;
  readonly queueType: RabbitMqQueueType;
}

/**
 * RabbitMQ in AsyncAPI terms: a server per url (host and vhost, never credentials), a topic is its topic exchange
 * (published to with the message type as routing key, `cc`), an endpoint is its queue — or, ordered, its partition
 * queues `….partition-{partition}` — consumed with manual acknowledgements.
 */
export function rabbitMqAsyncApi(topology: Topology, settings: RabbitMqAsyncApiSettings): TransportAsyncApi {
  const vhost = vhostOf(settings.urls[0]!);
  const topics: Record<string, TransportAsyncApiTopic> = {};
  for (const topic of topology.topics) {
    const exchange = settings.names.topicExchange(topic.name);
    topics[topic.name] = {
      address: exchange,
      description: `RabbitMQ: durable topic exchange "${exchange}"; a message is published to it with its type as routing key.`,
      bindings: {
        amqp: {
          is: 'routingKey',
          exchange: { name: exchange, type: 'topic', durable: true, autoDelete: false, vhost },
          bindingVersion: BINDING_VERSION,
        },
      },
      send: Object.fromEntries(
        topic.messageTypes.map((type) => [
          type,
          { amqp: { cc: [type], deliveryMode: 2, timestamp: true, bindingVersion: BINDING_VERSION } },
        ]),
      ),
    };
  }
  const endpoints: Record<string, TransportAsyncApiEndpoint> = {};
  for (const endpoint of topology.endpoints) {
    endpoints[endpoint.name] = endpointPart(endpoint, settings, vhost);
  }
  const messages: Record<string, AsyncApiBindings> = {};
  for (const type of topology.topics.flatMap((topic) => topic.messageTypes)) {
    // The transport writes the type into the AMQP `type` property.
    messages[type] = { amqp: { messageType: type, bindingVersion: BINDING_VERSION } };
  }
  return { servers: serversOf(settings.urls), topics, endpoints, messages };
}

function endpointPart(
  endpoint: EndpointTopology,
  { names, queueType }: RabbitMqAsyncApiSettings,
  vhost: string,
): TransportAsyncApiEndpoint {
  const ordered = endpoint.partitions !== undefined;
  const queue = ordered
    ? names.partitionQueue(endpoint.name, '{partition}')
    : names.endpointQueue(endpoint.name);
  const kind = endpoint.temporary ? 'classic' : queueType;
  const resources = [
    ordered
      ? `${endpoint.partitions} ${kind} queues "${queue}" behind the consistent-hash exchange "${names.partitionExchange(endpoint.name)}" (by message key), each with a single active consumer`
      : `${kind} queue "${queue}"`,
    `bound to the topic exchanges by message type`,
    ...(endpoint.retryDelays.length > 0
      ? [
          `delayed retries through TTL queues ${[...new Set(endpoint.retryDelays)].map((delay) => `"${names.retryQueue(endpoint.name, delay)}"`).join(', ')}`,
        ]
      : []),
    ...(endpoint.temporary ? [] : [`dead letters in queue "${names.deadLetter(endpoint.name)}"`]),
  ];
  const receive: AsyncApiBindings = { amqp: { ack: true, bindingVersion: BINDING_VERSION } };
  return {
    address: queue,
    description: `RabbitMQ: ${resources.join('; ')}.`,
    ...(ordered
      ? {
          parameters: {
            partition: {
              description: 'The partition: messages are spread over the partitions by key.',
              enum: Array.from({ length: endpoint.partitions! }, (_, index) => String(index)),
            },
          },
        }
      : {}),
    bindings: {
      amqp: {
        is: 'queue',
        queue: {
          name: queue,
          durable: !endpoint.temporary,
          exclusive: false,
          autoDelete: endpoint.temporary,
          vhost,
        },
        bindingVersion: BINDING_VERSION,
      },
    },
    receive: Object.fromEntries(endpoint.subscriptions.map((subscription) => [subscription.topic, receive])),
  };
}

function serversOf(urls: readonly string[]): Record<string, AsyncApiServer> {
  return Object.fromEntries(
    urls.map((url, index) => {
      const { protocol, hostname, port } = new URL(url);
      const server: AsyncApiServer = {
        host: `${hostname}:${port || DEFAULT_PORTS[protocol] || '5672'}`,
        protocol: protocol.replace(/:$/, ''),
        protocolVersion: '0.9.1',
        description: `RabbitMQ, virtual host "${vhostOf(url)}".`,
      };
      return [urls.length === 1 ? 'rabbitmq' : `rabbitmq-${index + 1}`, server];
    }),
  );
}

/** The virtual host of an AMQP url: its path without the leading slash, percent-decoded; `/` when empty. */
function vhostOf(url: string): string {
  const path = new URL(url).pathname.slice(1);
  return path === '' ? '/' : decodeURIComponent(path);
}
