import { LifecycleError } from '@pragmatic-messaging/core';
import type { ServiceBusClientSurface } from './service-bus-surface.js';

// Where a ServiceBusClient keeps the socket of its one AMQP connection: its connection context's rhea-promise
// connection, whose rhea connection holds the socket. The SDK's own tests reach the connection the same way.
const PATH = ['_connectionContext', 'connection', '_connection'] as const;

interface ResettableSocket {
  readonly destroyed: boolean;
  destroy(error: Error): void;
}

/**
 * Resets the socket of the client's AMQP connection, which is what a network failure looks like to the SDK: rhea
 * reports the connection disconnected, the SDK opens a new one, and its receivers and senders recover as after a
 * real outage. The SDK has no public way to do this, so this walks private fields and fails loudly when an SDK
 * upgrade moves them. Returns false when there is nothing to cut (the SDK opens its connection lazily).
 */
export function cutAmqpConnection(client: ServiceBusClientSurface): boolean {
  let connection: unknown = client;
  for (const field of PATH) connection = fieldOf(connection, field);
  if (connection === undefined) {
    throw new LifecycleError(
      `Cannot cut the Service Bus connection: @azure/service-bus internals changed (ServiceBusClient.${PATH.join('.')} is missing)`,
    );
  }
  const socket = fieldOf(connection, 'socket');
  if (!isResettable(socket) || socket.destroyed) return false;
  socket.destroy(Object.assign(new Error('connection reset (cut on purpose)'), { code: 'ECONNRESET' }));
  return true;
}

function fieldOf(value: unknown, field: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, field) : undefined;
}

function isResettable(value: unknown): value is ResettableSocket {
  return typeof fieldOf(value, 'destroy') === 'function';
}
