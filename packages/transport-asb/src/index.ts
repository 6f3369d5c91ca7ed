/**
 * The public surface of @pragmatic-messaging/transport-asb. Anything not exported here is internal.
 * @module transport-asb
 */

export { AzureServiceBusTransport, createAzureServiceBusTransport } from './azure-service-bus-transport.js';
export type {
  AzureServiceBusTransportOptions,
  ConnectionStringOptions,
  CredentialOptions,
  InjectedSdkOptions,
  ServiceBusCredential,
} from './azure-service-bus-transport-options.js';
export {
  PREMIUM_TIER_MAX_MESSAGE_BYTES,
  STANDARD_TIER_MAX_MESSAGE_BYTES,
} from './azure-service-bus-transport-options.js';
export type {
  PropertiesToModify,
  ReceivedServiceBusMessage,
  ServiceBusAdministrationSurface,
  ServiceBusClientSurface,
  ServiceBusReceiverSurface,
  ServiceBusSdk,
  ServiceBusSenderSurface,
  ServiceBusSessionReceiverSurface,
  SubscriptionSettings,
} from './service-bus-surface.js';
