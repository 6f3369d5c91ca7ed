import { ServiceBusClient } from '@azure/service-bus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cutAmqpConnection } from '../src/amqp-connection-cut.js';
import type { ServiceBusClientSurface } from '../src/service-bus-surface.js';
import { endpoint, envelope, transportFixture } from './transport-fixture.js';

describe('Azure Service Bus transport: simulateConnectionLoss', () => {
  let fixture = transportFixture();
  afterEach(async () => {
    await fixture.dispose();
    fixture = transportFixture();
  });

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

  it('resets the socket: receivers fail and report reconnecting, then receive again; nothing is lost', async () => {
    const { transport, client } = fixture.create();
    await transport.connect();
    await transport.provision({ topics: [], endpoints: [endpoint('billing')] });
    const handled: string[] = [];
    await transport.consume(endpoint('billing'), async (delivery) => {
      handled.push(delivery.message.id);
      await delivery.ack();
    });
    await vi.waitFor(() => expect(client.interrupts.size, 'the receiver is waiting').toBeGreaterThan(0));

    await transport.simulateConnectionLoss();
    await vi.waitFor(() => expect(transport.health().status).toBe('reconnecting'), { timeout: 2_000 });
    expect(transport.health().detail).toMatch(/ServiceCommunicationProblem/);
    await transport.send([envelope({ id: 'after-the-cut' })]);
    await vi.waitFor(() => expect(handled).toEqual(['after-the-cut']), { timeout: 5_000 });
    await vi.waitFor(() => expect(transport.health().status).toBe('connected'), { timeout: 5_000 });
  });
});
