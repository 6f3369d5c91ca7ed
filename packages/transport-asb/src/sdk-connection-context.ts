import type { ServiceBusClientSurface } from './service-bus-surface.js';

/**
 * A ServiceBusClient's connection context: the SDK's private state of its one AMQP connection (the rhea-promise
 * connection, and the id it replaces with a new one on every reconnect). The SDK has no public view of it; its
 * own tests reach it the same way. Undefined when the client is not the real SDK (or the SDK moved it).
 */
export function connectionContextOf(client: ServiceBusClientSurface): unknown {
  return fieldOf(client, '_connectionContext');
}

/**
 * The id of the AMQP connection the client is on now (`connection-1`, then `connection-2` after a reconnect …),
 * or undefined when it cannot be read.
 */
export function amqpConnectionIdOf(client: ServiceBusClientSurface): string | undefined {
  const id = fieldOf(connectionContextOf(client), 'connectionId');
  return typeof id === 'string' ? id : undefined;
}

export function fieldOf(value: unknown, field: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, field) : undefined;
}
