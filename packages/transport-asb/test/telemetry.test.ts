import type { Delivery } from '@pragmatic-messaging/core';
import { describe, expect, it } from 'vitest';
import { createAzureServiceBusTransport } from '../src/index.js';
import { endpoint, envelope, transportFixture } from './transport-fixture.js';

const connectionString =
  'Endpoint=sb://tickets-prod.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=s3cret';

describe('Azure Service Bus telemetry attributes', () => {
  it('names the namespace as the semantic conventions do, never the key', async () => {
    const transport = createAzureServiceBusTransport({ connectionString });
    expect(transport.telemetry.system).toBe('azure.servicebus');
    expect(transport.telemetry.attributes).toEqual({
      'server.address': 'tickets-prod.servicebus.windows.net',
      'server.port': 5671,
    });
    expect(JSON.stringify(transport.telemetry)).not.toContain('s3cret');
    await transport.close();
  });

  it("puts the subscription and Service Bus's delivery count on each delivery", async () => {
    const fixture = transportFixture();
    try {
      const { transport } = fixture.create();
      await transport.provision({ topics: [], endpoints: [endpoint('billing')] });
      const held = new Promise<Delivery>((resolve) => {
        void transport.consume(endpoint('billing'), async (delivery) => resolve(delivery));
      });
      await transport.send([envelope({ id: 'traced' })]);
      const delivery = await held;
      expect(delivery.spanAttributes?.()).toEqual({
        'messaging.destination.subscription.name': 'billing',
        'azure.servicebus.message.delivery_count': 0,
      });
      await delivery.ack();
    } finally {
      await fixture.dispose();
    }
  });
});
