import { isServiceBusError } from '@azure/service-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from './emulator-fixture.js';

// The real @azure/service-bus SDK against the emulator, one behaviour of Service Bus per test.
describe('Service Bus emulator: messaging over AMQP', () => {
  let world: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    world = await startEmulator();
    await world.administration.createQueue('work', { lockDuration: 'PT5S', maxDeliveryCount: 2 });
    await world.administration.createQueue('ordered', { requiresSession: true, lockDuration: 'PT5S' });
    await world.administration.createTopic('orders');
    await world.administration.createSubscription('orders', 'paid-only', {
      defaultRuleOptions: { name: 'paid', filter: { sqlExpression: "sys.Label = 'paid' AND amount > 10" } },
    });
  });
  afterAll(() => world.close());

  it('refuses links to entities that do not exist with amqp:not-found (MessagingEntityNotFound)', async () => {
    const client = world.client();
    const send = client.createSender('missing').sendMessages({ body: 'x' });
    await expect(send).rejects.toMatchObject({ code: 'MessagingEntityNotFound' });
    const receive = client.createReceiver('missing').receiveMessages(1, { maxWaitTimeInMs: 200 });
    await expect(receive).rejects.toMatchObject({ code: 'MessagingEntityNotFound' });
  });

  it('peek-lock: a lock token and locked-until; abandons count deliveries; max delivery count dead-letters', async () => {
    const client = world.client();
    await client.createSender('work').sendMessages({ body: 'job', messageId: 'job-1' });
    const receiver = client.createReceiver('work');
    const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1_000 });
    expect(first!.lockToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(first!.lockedUntilUtc!.getTime()).toBeGreaterThan(Date.now() + 3_000);
    expect(first!.deliveryCount).toBe(0);
    await receiver.abandonMessage(first!);
    const [second] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1_000 });
    expect(second!.deliveryCount).toBe(1);
    await receiver.abandonMessage(second!);
    const [dead] = await client.createReceiver('work', { subQueueType: 'deadLetter' }).peekMessages(1);
    expect(dead).toMatchObject({ messageId: 'job-1', deadLetterReason: 'MaxDeliveryCountExceeded' });
  });

  it('dead-letters with reason and description, defers, and receives deferred messages by sequence number', async () => {
    const client = world.client();
    const sender = client.createSender('work');
    await sender.sendMessages([
      { body: 'a', messageId: 'dl' },
      { body: 'b', messageId: 'later' },
    ]);
    const receiver = client.createReceiver('work');
    const messages = await receiver.receiveMessages(2, { maxWaitTimeInMs: 1_000 });
    const byId = Object.fromEntries(messages.map((message) => [message.messageId, message]));
    await receiver.deadLetterMessage(byId.dl!, {
      deadLetterReason: 'Bad',
      deadLetterErrorDescription: 'very',
    });
    await receiver.deferMessage(byId.later!);
    const dead = await client.createReceiver('work', { subQueueType: 'deadLetter' }).peekMessages(10);
    expect(dead.find((message) => message.messageId === 'dl')).toMatchObject({
      deadLetterReason: 'Bad',
      deadLetterErrorDescription: 'very',
    });
    const [deferred] = await receiver.receiveDeferredMessages([byId.later!.sequenceNumber!]);
    expect(deferred!.messageId).toBe('later');
    await receiver.completeMessage(deferred!);
  });

  it('schedules and cancels messages; SQL rules filter a topic', async () => {
    const client = world.client();
    const sender = client.createSender('orders');
    // Due long after the test: cancelled before it is due however slow the machine is (a cancel that came after
    // the due time would find the message already enqueued, as on Azure).
    const [cancelled] = await sender.scheduleMessages(
      { body: 'no', subject: 'paid', applicationProperties: { amount: 50 } },
      new Date(Date.now() + 60_000),
    );
    await sender.cancelScheduledMessages(cancelled!);
    await sender.scheduleMessages(
      { body: 'yes', messageId: 'scheduled', subject: 'paid', applicationProperties: { amount: 50 } },
      new Date(Date.now() + 200),
    );
    await sender.sendMessages([
      { body: 'small', messageId: 'small', subject: 'paid', applicationProperties: { amount: 5 } },
      { body: 'other', messageId: 'other', subject: 'refunded', applicationProperties: { amount: 50 } },
    ]);
    const received = await client
      .createReceiver('orders', 'paid-only', { receiveMode: 'receiveAndDelete' })
      .receiveMessages(5, { maxWaitTimeInMs: 1_500 });
    expect(received.map((message) => message.messageId)).toEqual(['scheduled']);
  });

  it('sessions: one receiver per session, in order, with state and lock renewal; no free session times out', async () => {
    const client = world.client();
    await client.createSender('ordered').sendMessages([
      { body: 1, sessionId: 'a', messageId: 'a1' },
      { body: 1, sessionId: 'b', messageId: 'b1' },
      { body: 2, sessionId: 'a', messageId: 'a2' },
    ]);
    const session = await client.acceptNextSession('ordered');
    expect(session.sessionId).toBe('a');
    await expect(client.acceptSession('ordered', 'a')).rejects.toMatchObject({
      code: 'SessionCannotBeLocked',
    });
    const messages = await session.receiveMessages(5, { maxWaitTimeInMs: 500 });
    expect(messages.map((message) => message.messageId)).toEqual(['a1', 'a2']);
    for (const message of messages) await session.completeMessage(message);
    await session.setSessionState('step-2');
    expect(await session.getSessionState()).toBe('step-2');
    expect((await session.renewSessionLock()).getTime()).toBeGreaterThan(Date.now() + 3_000);
    await session.close();
    const other = await client.acceptNextSession('ordered');
    expect(other.sessionId).toBe('b');
    await other.completeMessage((await other.receiveMessages(1, { maxWaitTimeInMs: 500 }))[0]!);
    await other.close();
    const started = Date.now();
    const none = await client.acceptNextSession('ordered').catch((error: unknown) => error);
    expect(isServiceBusError(none) && none.code).toBe('ServiceTimeout');
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('many unsettled deliveries on one link, settled in any order', async () => {
    const client = world.client();
    const sender = client.createSender('work');
    const batch = await sender.createMessageBatch();
    for (let index = 0; index < 300; index++)
      batch.tryAddMessage({ body: index, messageId: `many-${index}` });
    await sender.sendMessages(batch);
    const receiver = client.createReceiver('work');
    const held = [];
    while (held.length < 300)
      held.push(...(await receiver.receiveMessages(300 - held.length, { maxWaitTimeInMs: 1_000 })));
    await Promise.all(held.reverse().map((message) => receiver.completeMessage(message)));
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 200 })).toEqual([]);
  });

  it('drops client connections on demand; the SDK reconnects and goes on', async () => {
    const client = world.client('cut-me');
    const sender = client.createSender('work');
    await sender.sendMessages({ body: 'before' });
    expect(world.emulator.dropConnections({ userAgentContains: 'cut-me' })).toBe(1);
    await sender.sendMessages({ body: 'after' });
    const receiver = client.createReceiver('work', { receiveMode: 'receiveAndDelete' });
    const bodies = (await receiver.receiveMessages(5, { maxWaitTimeInMs: 1_000 })).map(
      (message) => message.body,
    );
    expect(bodies).toEqual(['before', 'after']);
  });
});
