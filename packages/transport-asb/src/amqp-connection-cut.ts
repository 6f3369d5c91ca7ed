import { LifecycleError } from '@pragmatic-messaging/core';
import { connectionContextOf, fieldOf } from './sdk-connection-context.js';
import type { ServiceBusClientSurface } from './service-bus-surface.js';

// Where the client's connection context keeps the socket: its rhea-promise connection, whose rhea connection holds
// the socket.
const PATH = ['connection', '_connection'] as const;

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
  let connection: unknown = connectionContextOf(client);
  for (const field of PATH) connection = fieldOf(connection, field);
  if (connection === undefined) {
    throw new LifecycleError(
      `Cannot cut the Service Bus connection: @azure/service-bus internals changed (ServiceBusClient._connectionContext.${PATH.join('.')} is missing)`,
    );
  }
  const socket = fieldOf(connection, 'socket');
  if (!isResettable(socket) || socket.destroyed) return false;
  socket.destroy(Object.assign(new Error('connection reset (cut on purpose)'), { code: 'ECONNRESET' }));
  return true;
}

function isResettable(value: unknown): value is ResettableSocket {
  return typeof fieldOf(value, 'destroy') === 'function';
}
