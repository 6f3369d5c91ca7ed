import type { EndpointTopology, Logger, TransportMessage } from '@pragmatic-messaging/core';
import { Headers } from '@pragmatic-messaging/core';
import type { AzureServiceBusTransportOptions } from '../src/azure-service-bus-transport-options.js';
import { type AzureServiceBusTransport, createAzureServiceBusTransport } from '../src/index.js';
import {
  type NamespaceDoubleOptions,
  ServiceBusNamespaceDouble,
} from './double/service-bus-namespace-double.js';

type ExtraOptions = Partial<Omit<AzureServiceBusTransportOptions, 'sdk' | 'connectionString' | 'credential'>>;

/** A namespace double and transports on it, for the transport's own tests. */
export function transportFixture(namespaceOptions: NamespaceDoubleOptions = {}) {
  const namespace = new ServiceBusNamespaceDouble(namespaceOptions);
  const transports: AzureServiceBusTransport[] = [];
  const create = (options: ExtraOptions = {}) => {
    const client = namespace.createClient({
      retryOptions: { retryDelayInMs: 20, maxRetries: 2, timeoutInMs: 2_000 },
    });
    const transport = createAzureServiceBusTransport({
      sdk: { client, administration: namespace.createAdministrationClient() },
      lockDurationMs: 5_000,
      sessionIdleTimeoutMs: 100,
      reconnectDelayMs: 20,
      ...options,
    } as AzureServiceBusTransportOptions);
    transports.push(transport);
    return { transport, client };
  };
  return {
    namespace,
    create,
    subscription: (topic: string, name: string) => namespace.topics.get(topic)?.subscriptions.get(name),
    dispose: async () => {
      await Promise.all(transports.map((transport) => transport.close()));
      namespace.dispose();
    },
  };
}

export function endpoint(name: string, fields: Partial<EndpointTopology> = {}): EndpointTopology {
  return {
    name,
    service: 'svc',
    subscriptions: [{ topic: 'orders', messageTypes: ['orders.created'] }],
    retryDelays: [],
    concurrency: 2,
    prefetch: 2,
    temporary: false,
    ...fields,
  };
}

export function envelope(fields: Partial<TransportMessage> = {}): TransportMessage {
  return {
    id: `m-${Math.random().toString(36).slice(2)}`,
    type: 'orders.created',
    topic: 'orders',
    key: 'k1',
    headers: {
      [Headers.contentType]: 'application/json',
      [Headers.attempt]: '1',
      [Headers.correlationId]: 'c-1',
    },
    body: new TextEncoder().encode('{"ok":true}'),
    timestamp: 1_700_000_000_000,
    ...fields,
  };
}

/** A logger that keeps every line, to check what the transport writes (and that no secret is in it). */
export function recordingLogger(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const write = (fields: Record<string, unknown>, message: string) => {
    lines.push(
      `${message} ${JSON.stringify(fields, (_key, value) => (value instanceof Error ? value.message : value))}`,
    );
  };
  return { lines, debug: write, info: write, warn: write, error: write };
}
