import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceBusReceiverSurface } from '../../src/service-bus-surface.js';
import { doubleWithTopic, message } from './double-fixture.js';

// https://learn.microsoft.com/azure/service-bus-messaging/message-transfers-locks-settlement
// https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues
describe('Service Bus double: peek-lock, delivery count and dead letters', () => {
  beforeEach(() => {
    // Lock expiry and scheduling run on timers we move by hand; network turns (setImmediate) stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A receive that gives up after 10 ms of (fake) time: what is available now, or nothing. */
  async function receiveNow(receiver: ServiceBusReceiverSurface, count: number) {
    const pending = receiver.receiveMessages(count, { maxWaitTimeInMs: 10 });
    await vi.advanceTimersByTimeAsync(10);
    return pending;
  }

  async function lockedSetup(maxDeliveryCount = 10) {
    const fixture = await doubleWithTopic();
    await fixture.subscribe('work', { lockDuration: 'PT30S', maxDeliveryCount });
    const first = fixture.client.createReceiver('orders', 'work', { skipParsingBodyAsJson: true });
    const second = fixture.client.createReceiver('orders', 'work', { skipParsingBodyAsJson: true });
    return { ...fixture, first, second };
  }

  it('a locked message is invisible to other receivers until its lock expires, then comes back counted', async () => {
    const { first, second, send } = await lockedSetup();
    await send(message('a'));
    const receivedAt = Date.now();
    const [locked] = await receiveNow(first, 1);
    expect(locked!.deliveryCount).toBe(0);
    expect(locked!.lockedUntilUtc!.getTime()).toBe(receivedAt + 30_000);
    const waiting = second.receiveMessages(1, { maxWaitTimeInMs: 60_000 });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(await Promise.race([waiting, 'still locked'])).toBe('still locked');
    await vi.advanceTimersByTimeAsync(1_000);
    const [redelivered] = await waiting;
    expect(redelivered!.messageId).toBe(locked!.messageId);
    expect(redelivered!.deliveryCount).toBe(1);
    // The first lock token is no longer valid.
    await expect(first.completeMessage(locked!)).rejects.toMatchObject({ code: 'MessageLockLost' });
  });

  it('renewing the lock keeps the message; completing removes it for good', async () => {
    const { first, second, send } = await lockedSetup();
    await send(message('a'));
    const [locked] = await receiveNow(first, 1);
    await vi.advanceTimersByTimeAsync(20_000);
    const until = await first.renewMessageLock(locked!);
    expect(until.getTime()).toBe(Date.now() + 30_000);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await receiveNow(second, 1)).toEqual([]);
    await first.completeMessage(locked!);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await receiveNow(second, 1)).toEqual([]);
  });

  it('abandon returns the message at once with properties modified and the delivery count incremented', async () => {
    const { first, send } = await lockedSetup();
    await send(message('a', { applicationProperties: { keep: 'yes' } }));
    const [locked] = await receiveNow(first, 1);
    await first.abandonMessage(locked!, { note: 'abandoned once' });
    const [again] = await receiveNow(first, 1);
    expect(again!.deliveryCount).toBe(1);
    expect(again!.applicationProperties).toEqual({ keep: 'yes', note: 'abandoned once' });
  });

  it('reaching MaxDeliveryCount moves the message to the dead-letter sub-queue with the documented reason', async () => {
    const { client, first, send } = await lockedSetup(2);
    await send(message('poison'));
    for (let delivery = 0; delivery < 2; delivery++) {
      const [locked] = await receiveNow(first, 1);
      await first.abandonMessage(locked!);
    }
    expect(await receiveNow(first, 1)).toEqual([]);
    const deadLetters = client.createReceiver('orders', 'work', { subQueueType: 'deadLetter' });
    const [dead] = await deadLetters.peekMessages(10);
    expect(dead).toMatchObject({
      subject: 'poison',
      deadLetterReason: 'MaxDeliveryCountExceeded',
      deliveryCount: 2,
    });
  });

  it('deadLetterMessage records reason, description and properties; the dead-letter queue is read like a queue', async () => {
    const { client, first, send } = await lockedSetup();
    await send(message('bad'), message('worse'));
    const locked = await receiveNow(first, 2);
    for (const entry of locked) {
      await first.deadLetterMessage(entry, {
        deadLetterReason: 'Invalid',
        deadLetterErrorDescription: `no good: ${entry.subject}`,
        'failure-endpoint': 'work',
      });
    }
    const deadLetters = client.createReceiver('orders', 'work', { subQueueType: 'deadLetter' });
    expect(deadLetters.entityPath).toBe('orders/Subscriptions/work/$DeadLetterQueue');
    // Peek pages continue where the previous one stopped.
    expect((await deadLetters.peekMessages(1)).map((entry) => entry.subject)).toEqual(['bad']);
    expect((await deadLetters.peekMessages(1)).map((entry) => entry.subject)).toEqual(['worse']);
    expect(await deadLetters.peekMessages(1)).toEqual([]);

    const [dead] = await receiveNow(deadLetters, 1);
    expect(dead).toMatchObject({
      deadLetterReason: 'Invalid',
      deadLetterErrorDescription: 'no good: bad',
      applicationProperties: { 'failure-endpoint': 'work' },
    });
    await deadLetters.completeMessage(dead!);
    const rest = await receiveNow(deadLetters, 10);
    expect(rest.map((entry) => entry.subject)).toEqual(['worse']);
  });

  it('scheduled messages stay invisible until their enqueue time', async () => {
    const { first, sender } = await lockedSetup();
    await sender.scheduleMessages(message('later'), new Date(Date.now() + 5_000));
    expect(await receiveNow(first, 1)).toEqual([]);
    const waiting = first.receiveMessages(1, { maxWaitTimeInMs: 10_000 });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(await Promise.race([waiting, 'not yet'])).toBe('not yet');
    await vi.advanceTimersByTimeAsync(100);
    expect((await waiting).map((entry) => entry.subject)).toEqual(['later']);
  });

  it('messages past their time to live are dead-lettered when dead-lettering on expiration is on', async () => {
    const { client, subscribe, send } = await doubleWithTopic();
    await subscribe('short', { defaultMessageTimeToLive: 'PT10S', deadLetteringOnMessageExpiration: true });
    await send(message('stale'));
    await vi.advanceTimersByTimeAsync(11_000);
    expect(await receiveNow(client.createReceiver('orders', 'short'), 1)).toEqual([]);
    const [dead] = await client
      .createReceiver('orders', 'short', { subQueueType: 'deadLetter' })
      .peekMessages(1);
    expect(dead).toMatchObject({ subject: 'stale', deadLetterReason: 'TTLExpiredException' });
  });

  it('bodies sent as bytes come back JSON-parsed unless the receiver skips parsing, as in the SDK', async () => {
    const { client, subscribe, send } = await doubleWithTopic();
    await subscribe('a');
    await subscribe('b');
    await send({ body: Buffer.from('{"n":1}'), subject: 'x' });
    const [parsed] = await receiveNow(client.createReceiver('orders', 'a'), 1);
    const [raw] = await receiveNow(client.createReceiver('orders', 'b', { skipParsingBodyAsJson: true }), 1);
    expect(parsed!.body).toEqual({ n: 1 });
    expect(Buffer.isBuffer(raw!.body)).toBe(true);
  });
});
