import { createMessaging, defineMessage, Headers, PublishError } from '@pragmatic-messaging/core';
import { sampleSchema } from '@pragmatic-messaging/core/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceBusClientDouble } from './double/service-bus-client-double.js';
import { endpoint, envelope, transportFixture } from './transport-fixture.js';

/** Counts the messages of every sendMessages call, to see the batching. */
function countBatches(client: ServiceBusClientDouble): number[] {
  const sizes: number[] = [];
  const createSender = client.createSender.bind(client);
  client.createSender = (topic) => {
    const sender = createSender(topic);
    const send = sender.sendMessages.bind(sender);
    sender.sendMessages = (messages) => {
      sizes.push('count' in messages ? messages.count : 1);
      return send(messages);
    };
    return sender;
  };
  return sizes;
}

describe('Azure Service Bus transport: producing', () => {
  let fixture = transportFixture();
  afterEach(async () => {
    await fixture.dispose();
    fixture = transportFixture();
  });

  it('maps the envelope onto Service Bus properties: messageId, subject = type, sessionId = key, headers', async () => {
    const { transport } = fixture.create();
    await transport.provision({ topics: [], endpoints: [endpoint('billing')] });
    await transport.send([
      envelope({
        id: 'order-9',
        key: 'customer-7',
        headers: { [Headers.correlationId]: 'c-9', 'x-tenant': 't1' },
      }),
    ]);
    const [stored] = fixture.subscription('orders', 'billing')!.active;
    expect(stored!.message).toMatchObject({
      messageId: 'order-9',
      subject: 'orders.created',
      sessionId: 'customer-7',
      correlationId: 'c-9',
      to: 'orders',
      applicationProperties: { 'x-tenant': 't1', 'pm-key': 'customer-7', 'pm-topic': 'orders' },
    });
  });

  it('sends as few batches as fit the entity’s size limit', async () => {
    const { transport, client } = fixture.create();
    const batches = countBatches(client);
    await transport.provision({ topics: [{ name: 'orders', messageTypes: [] }], endpoints: [] });
    const body = new Uint8Array(100 * 1024);
    await transport.send([envelope(), envelope(), envelope()]);
    await transport.send([envelope({ body }), envelope({ body }), envelope({ body })]);
    // Three small messages in one batch; three of 100 KiB on standard (256 KiB) take two.
    expect(batches).toEqual([3, 2, 1]);
  });

  it('a message over the tier limit is refused by the bus before sending, naming type and limit', async () => {
    const { transport, client } = fixture.create();
    const batches = countBatches(client);
    const contract = defineMessage({ type: 'orders.created', topic: 'orders', schema: sampleSchema });
    const bus = createMessaging({ service: 'shop', transport, publishes: [contract] });
    await bus.start();
    try {
      const send = bus.publish(contract, { id: 'o-1', key: 'k', seq: 1, text: 'x'.repeat(300 * 1024) });
      await expect(send).rejects.toBeInstanceOf(PublishError);
      await expect(send).rejects.toMatchObject({ retryable: false });
      await expect(send).rejects.toThrow(
        /Message "orders.created" is \d+ bytes; transport "azure-service-bus" accepts at most 262144/,
      );
      expect(batches).toEqual([]);
    } finally {
      await bus.stop();
    }
  });

  it('a message that fits no batch of the entity is refused at the transport, naming it and the limit', async () => {
    // The transport's own check: the SDK's batch knows the entity's real limit, AMQP properties included.
    const { transport } = fixture.create();
    await transport.provision({ topics: [{ name: 'orders', messageTypes: [] }], endpoints: [] });
    const send = transport.send([envelope({ body: new Uint8Array(300 * 1024) })]);
    await expect(send).rejects.toBeInstanceOf(PublishError);
    await expect(send).rejects.toThrow(
      /"orders.created" on topic "orders" does not fit in a Service Bus message \(the entity accepts 262144 bytes/,
    );
  });

  it('a missing topic is reported as such (MessagingEntityNotFound), naming topic and type', async () => {
    const { transport } = fixture.create({ namePrefix: 'dev-' });
    const error = await transport
      .send([envelope({ topic: 'ghosts', type: 'ghosts.seen' })])
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(PublishError);
    expect(error.message).toContain('topic "ghosts" does not exist (entity "dev-ghosts")');
    expect(error.message).toContain('"ghosts.seen"');
    expect(error.message).toContain('MessagingEntityNotFound');
  });

  it('send after close fails clearly', async () => {
    const { transport } = fixture.create();
    await transport.close();
    await expect(transport.send([envelope()])).rejects.toThrow(/closed/);
    expect(transport.health().status).toBe('closed');
  });
});
