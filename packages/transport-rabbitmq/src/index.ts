/**
 * The public surface of @pragmatic-messaging/transport-rabbitmq. Anything not exported here is internal.
 * @module transport-rabbitmq
 */

export { createRabbitMqTransport, RabbitMqTransport } from './rabbitmq-transport.js';
export type {
  RabbitMqQueueType,
  RabbitMqReconnectOptions,
  RabbitMqTransportOptions,
} from './rabbitmq-transport-options.js';
