import type { TransportTelemetry } from '@pragmatic-messaging/core';
import type { AzureServiceBusTransportOptions } from './azure-service-bus-transport-options.js';

/** Service Bus in the OpenTelemetry messaging conventions: the namespace's host (AMQP over TLS, port 5671). */
export function serviceBusTelemetry(namespaceHost: string | undefined): TransportTelemetry {
  return {
    system: 'azure.servicebus',
    attributes: namespaceHost ? { 'server.address': namespaceHost, 'server.port': 5671 } : {},
  };
}

/** The namespace host: of a connection string's `Endpoint=sb://<host>/`, or the fully qualified namespace. */
export function namespaceHostOf(options: AzureServiceBusTransportOptions): string | undefined {
  if ('fullyQualifiedNamespace' in options) return options.fullyQualifiedNamespace;
  if ('connectionString' in options) {
    return /(?:^|;)\s*Endpoint\s*=\s*sb:\/\/([^/;]+)/i.exec(options.connectionString)?.[1];
  }
  return undefined;
}
