import { type Broker, type ConnectionPool, NetworkError } from '@platformatic/kafka';
import { silentLogger } from '@pragmatic-messaging/core';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformaticKafkaClient } from '../src/client/platformatic-kafka-client.js';

// The library hands a pool `undefined` for a node its metadata does not list: a broker that left the cluster, or
// the -1 of "no coordinator yet" that the admin's deleteGroups met right after a broker restart (a temporary
// endpoint's group, deleted at shutdown), which crashed the process. The consumer's pools are covered in
// a-platformatic-consumer-whose-coordinator-left-asks-to-be-replaced.test.ts.
const clients: PlatformaticKafkaClient[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((client) => client.close()));
});

function poolOf(library: 'admin' | 'producer'): ConnectionPool {
  const client = new PlatformaticKafkaClient({
    brokers: ['127.0.0.1:1'],
    clientId: 'pm-tests-unknown-broker',
    connectionTimeoutMs: 1_000,
    requestTimeoutMs: 1_000,
    logger: silentLogger,
  });
  clients.push(client);
  return (client as unknown as Record<string, { connections: ConnectionPool }>)[library]!.connections;
}

describe('a @platformatic/kafka client asked for a broker its metadata does not list', () => {
  it.each(['admin', 'producer'] as const)(
    'gets a retriable error from its %s connections, where the library would throw',
    async (library) => {
      const pool = poolOf(library);

      const error = await new Promise<unknown>((resolve) => {
        pool.get(undefined as unknown as Broker, (failure) => resolve(failure));
      });

      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ canRetry: true, hasStaleMetadata: true });
    },
  );
});
