// The public surface of the test-support package @pragmatic-messaging/asb-emulator.

export type { ConnectionInfo } from './amqp/client-connection.js';
export { EmulatorControlClient } from './emulator-control-client.js';
export type { Tier } from './model/namespace.js';
export {
  type DropFilter,
  ServiceBusEmulator,
  type ServiceBusEmulatorOptions,
} from './service-bus-emulator.js';
export { type Certificate, createSelfSignedCertificate } from './tls/self-signed-certificate.js';
