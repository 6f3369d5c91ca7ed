import type {
  AsyncApiBindings,
  AsyncApiServer,
  EndpointTopology,
  Topology,
  TransportAsyncApi,
  TransportAsyncApiEndpoint,
  TransportAsyncApiTopic,
} from '@pragmatic-messaging/core';
import { namespaceHostOf } from './azure-service-bus-telemetry.js';
import type { AzureServiceBusTransportOptions } from './azure-service-bus-transport-options.js';
import { subscriptionPlans } from './provisioner.js';
import type { EntityNames } from './resource-names.js';

/**
 * AsyncAPI has no Service Bus binding (its `amqp1` binding is reserved and empty), so the Service Bus resources
 * travel in this specification extension, in every bindings object: see docs/asyncapi.md.
 */
export const SERVICE_BUS_EXTENSION = 'x-azure-service-bus';

/** Where the namespace is: its host, and whether it is the development emulator (plain AMQP). */
export interface ServiceBusNamespace {
  readonly host: string | undefined;
  readonly emulator: boolean;
}

/**
 * Service Bus in AsyncAPI terms: the namespace as server (AMQP 1.0), a topic is its topic entity (the message type
 * as `subject`, the key as `sessionId`), an endpoint is its subscription on each topic it reads
 * (`{topic}/Subscriptions/<name>`), filtered by correlation rules and received in peek-lock mode.
 */
export function serviceBusAsyncApi(
  topology: Topology,
  names: EntityNames,
  namespace: ServiceBusNamespace,
): TransportAsyncApi {
  const topics: Record<string, TransportAsyncApiTopic> = {};
  for (const topic of topology.topics) {
    const entity = names.topic(topic.name);
    topics[topic.name] = {
      address: entity,
      description: `Azure Service Bus: topic "${entity}"; a message's subject is its type, its session id its key.`,
      bindings: { [SERVICE_BUS_EXTENSION]: { entityType: 'topic', name: entity } },
      send: Object.fromEntries(
        topic.messageTypes.map((type) => [
          type,
          {
            [SERVICE_BUS_EXTENSION]: {
              topic: entity,
              subject: type,
              sessionId: 'the message key (its id when it has none)',
            },
          },
        ]),
      ),
    };
  }
  const endpoints: Record<string, TransportAsyncApiEndpoint> = {};
  for (const endpoint of topology.endpoints) endpoints[endpoint.name] = endpointPart(endpoint, names);
  return { servers: serversOf(namespace), topics, endpoints };
}

function endpointPart(endpoint: EndpointTopology, names: EntityNames): TransportAsyncApiEndpoint {
  const plans = subscriptionPlans(endpoint, names);
  const subscription = names.subscription(endpoint.name);
  const sessions = endpoint.partitions !== undefined;
  const paths = plans.map((plan) => `${plan.topicEntity}/Subscriptions/${plan.subscriptionEntity}`);
  const receive: Record<string, AsyncApiBindings> = {};
  for (const [index, plan] of plans.entries()) {
    receive[plan.topic] = {
      [SERVICE_BUS_EXTENSION]: { subscription: paths[index], receiveMode: 'peekLock', sessions },
    };
  }
  return {
    address: paths.length === 1 ? paths[0]! : `{topic}/Subscriptions/${subscription}`,
    description: `Azure Service Bus: subscription "${subscription}" on ${plans.map((plan) => `topic "${plan.topicEntity}"`).join(', ')}, ${sessions ? 'with sessions (session id = message key)' : 'without sessions'}; delayed retries are scheduled messages${endpoint.temporary ? '' : ', dead letters in its $DeadLetterQueue'}.`,
    ...(paths.length === 1
      ? {}
      : {
          parameters: {
            topic: {
              description: 'The topic entity the subscription is on.',
              enum: plans.map((plan) => plan.topicEntity),
            },
          },
        }),
    bindings: {
      [SERVICE_BUS_EXTENSION]: {
        entityType: 'subscription',
        name: subscription,
        requiresSession: sessions,
        subscriptions: plans.map((plan) => ({
          topic: plan.topicEntity,
          rules: [...plan.rules].map(([name, filter]) => ({ name, ...filter })),
        })),
      },
    },
    receive,
  };
}

function serversOf(namespace: ServiceBusNamespace): Record<string, AsyncApiServer> {
  if (!namespace.host) return {};
  return {
    'azure-service-bus': {
      host: namespace.host,
      // Service Bus speaks AMQP 1.0 over TLS; the development emulator speaks it in the clear.
      protocol: namespace.emulator ? 'amqp' : 'amqps',
      protocolVersion: '1.0',
      description: namespace.emulator ? 'Service Bus emulator.' : 'Azure Service Bus namespace.',
    },
  };
}

/** The namespace of the transport's options; a connection string may point at the development emulator. */
export function serviceBusNamespaceOf(options: AzureServiceBusTransportOptions): ServiceBusNamespace {
  return {
    host: namespaceHostOf(options),
    emulator:
      'connectionString' in options &&
      /(?:^|;)\s*UseDevelopmentEmulator\s*=\s*true/i.test(options.connectionString),
  };
}
