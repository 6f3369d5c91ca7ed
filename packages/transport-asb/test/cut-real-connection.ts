import type { ServiceBusClient } from '@azure/service-bus';

/**
 * Cuts a real ServiceBusClient's AMQP connection the way a network failure does, so the SDK (and the transport
 * above it) must recover. The SDK has no public hook for this; its own tests idle the underlying rhea
 * connection, which closes it with a non-fatal error and triggers the SDK's reconnect. Reaching it means
 * walking private fields, so this fails loudly when an SDK upgrade moves them.
 */
export async function cutRealConnection(client: ServiceBusClient): Promise<void> {
  const context = Reflect.get(client, '_connectionContext');
  const amqpConnection = context && Reflect.get(context, 'connection');
  const rheaConnection = amqpConnection && Reflect.get(amqpConnection, '_connection');
  const idle = rheaConnection && Reflect.get(rheaConnection, 'idle');
  if (typeof idle !== 'function') {
    throw new Error(
      'Cannot cut the ServiceBusClient connection: @azure/service-bus internals changed ' +
        '(_connectionContext.connection._connection.idle); update test/cut-real-connection.ts',
    );
  }
  idle.call(rheaConnection);
}
