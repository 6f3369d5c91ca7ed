import { describe, expect, it, vi } from 'vitest';
import { doubleWithTopic, message } from './double-fixture.js';

// https://learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas
describe('Service Bus double: limits, missing entities and connection loss', () => {
  it('standard tier: 256 KiB per message; batches take messages while they fit', async () => {
    const { sender } = await doubleWithTopic({ tier: 'standard' });
    const batch = await sender.createMessageBatch();
    expect(batch.maxSizeInBytes).toBe(256 * 1024);
    expect(batch.tryAddMessage({ body: Buffer.alloc(200 * 1024) })).toBe(true);
    expect(batch.tryAddMessage({ body: Buffer.alloc(100 * 1024) })).toBe(false);
    expect(batch.count).toBe(1);
    await expect(sender.sendMessages({ body: Buffer.alloc(300 * 1024) })).rejects.toMatchObject({
      code: 'MessageSizeExceeded',
    });
  });

  it('premium tier: 1 MiB by default, raised per topic with maxMessageSizeInKilobytes; standard refuses it', async () => {
    const premium = await doubleWithTopic({ tier: 'premium' });
    expect((await premium.sender.createMessageBatch()).maxSizeInBytes).toBe(1024 * 1024);
    await premium.administration.createTopic('large', { maxMessageSizeInKilobytes: 10 * 1024 });
    expect((await premium.client.createSender('large').createMessageBatch()).maxSizeInBytes).toBe(
      10 * 1024 * 1024,
    );

    const standard = await doubleWithTopic({ tier: 'standard' });
    await expect(
      standard.administration.createTopic('large', { maxMessageSizeInKilobytes: 10 * 1024 }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('sending to a missing topic fails with MessagingEntityNotFound naming the entity', async () => {
    const { client } = await doubleWithTopic();
    const sender = client.createSender('nope');
    await expect(sender.sendMessages(message('x'))).rejects.toMatchObject({
      code: 'MessagingEntityNotFound',
    });
    await expect(sender.createMessageBatch()).rejects.toThrow(/nope/);
  });

  it('a lost connection fails waiting receives; operations retry through a short outage as the SDK does', async () => {
    const { client, subscribe, send } = await doubleWithTopic();
    await subscribe('s');
    const receiver = client.createReceiver('orders', 's');
    const waiting = receiver.receiveMessages(1, { maxWaitTimeInMs: 5_000 });
    await vi.waitFor(() => expect(client.interrupts.size, 'the receive is waiting on its link').toBe(1));
    client.simulateConnectionLoss(30);
    await expect(waiting).rejects.toMatchObject({ code: 'ServiceCommunicationProblem', retryable: true });
    // 30 ms outage, retries 20 ms apart (maxRetries 3): the send goes through once the connection is back.
    await expect(send(message('after'))).resolves.toBeUndefined();
    const [received] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1_000 });
    expect(received!.subject).toBe('after');
  });

  it('an outage longer than the retries fails operations with ServiceCommunicationProblem', async () => {
    const { client, send } = await doubleWithTopic();
    client.simulateConnectionLoss(10_000);
    await expect(send(message('lost'))).rejects.toMatchObject({ code: 'ServiceCommunicationProblem' });
  });

  it('a lost connection loses the session locks held over it', async () => {
    const { client, namespace, subscribe, send } = await doubleWithTopic();
    await subscribe('ordered', { requiresSession: true });
    await send(message('a1', { sessionId: 'a' }));
    const owner = await client.acceptNextSession('orders', 'ordered');
    const [held] = await owner.receiveMessages(1, { maxWaitTimeInMs: 10 });
    client.simulateConnectionLoss(1);
    await expect(owner.completeMessage(held!)).rejects.toMatchObject({ code: 'SessionLockLost' });
    const other = await namespace.createClient().acceptNextSession('orders', 'ordered');
    expect(other.sessionId).toBe('a');
  });
});
