import { ServiceBusClient } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { cutAmqpConnection } from '../src/amqp-connection-cut.js';
import type { ServiceBusClientSurface } from '../src/service-bus-surface.js';

// The transport's simulateConnectionLoss at work over the double: consuming-and-recovery.test.ts.
describe('Azure Service Bus transport: where the SDK keeps its AMQP connection', () => {
  it('finds the AMQP connection where the installed SDK keeps it; a client not yet connected has nothing to cut', async () => {
    // Constructing a client opens nothing; its connection context is there, its socket not yet.
    const client = new ServiceBusClient(
      'Endpoint=sb://nowhere.servicebus.windows.net/;SharedAccessKeyName=test;SharedAccessKey=not-a-secret',
    );
    try {
      expect(cutAmqpConnection(client)).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('says which SDK internals moved instead of pretending to cut', () => {
    expect(() => cutAmqpConnection({} as ServiceBusClientSurface)).toThrow(
      /internals changed \(ServiceBusClient\._connectionContext\.connection\._connection is missing\)/,
    );
  });
});
