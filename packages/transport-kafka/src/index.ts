/**
 * The public surface of @pragmatic-messaging/transport-kafka. Anything not exported here is internal.
 * @module transport-kafka
 */

export { createKafkaTransport, KafkaTransport } from './kafka-transport.js';
export type {
  KafkaClientLibrary,
  KafkaSaslOptions,
  KafkaTransportOptions,
} from './kafka-transport-options.js';
