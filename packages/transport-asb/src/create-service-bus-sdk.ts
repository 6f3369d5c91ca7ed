import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import type { AzureServiceBusTransportOptions } from './azure-service-bus-transport-options.js';
import type { ServiceBusSdk } from './service-bus-surface.js';

/** The real SDK clients by default; the injected ones (the test double) when given. */
export function createServiceBusSdk(options: AzureServiceBusTransportOptions): ServiceBusSdk {
  if ('sdk' in options) return options.sdk;
  const clientOptions = options.retryOptions ? { retryOptions: options.retryOptions } : {};
  if ('connectionString' in options) {
    return sdkOf(
      new ServiceBusClient(options.connectionString, clientOptions),
      new ServiceBusAdministrationClient(options.connectionString),
    );
  }
  return sdkOf(
    new ServiceBusClient(options.fullyQualifiedNamespace, options.credential, clientOptions),
    new ServiceBusAdministrationClient(options.fullyQualifiedNamespace, options.credential),
  );
}

// Assigning the SDK classes to the surface here is the compile-time proof that the surface matches the SDK.
function sdkOf(client: ServiceBusClient, administration: ServiceBusAdministrationClient): ServiceBusSdk {
  return { client, administration };
}
