import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { doubleWithTopic, message } from './double-fixture.js';

// https://learn.microsoft.com/azure/service-bus-messaging/message-sessions
describe('Service Bus double: sessions', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function sessionSetup() {
    const fixture = await doubleWithTopic();
    await fixture.subscribe('ordered', { requiresSession: true, lockDuration: 'PT30S' });
    await fixture.send(
      message('a1', { sessionId: 'a' }),
      message('b1', { sessionId: 'b' }),
      message('a2', { sessionId: 'a' }),
      message('a3', { sessionId: 'a' }),
    );
    return fixture;
  }

  it('a session is locked to one receiver, which gets only its messages, in order', async () => {
    const { client } = await sessionSetup();
    const first = await client.acceptNextSession('orders', 'ordered');
    const second = await client.acceptNextSession('orders', 'ordered');
    expect([first.sessionId, second.sessionId]).toEqual(['a', 'b']);
    const fromA = await first.receiveMessages(10, { maxWaitTimeInMs: 10 });
    expect(fromA.map((entry) => entry.subject)).toEqual(['a1', 'a2', 'a3']);
    const fromB = await second.receiveMessages(10, { maxWaitTimeInMs: 10 });
    expect(fromB.map((entry) => entry.subject)).toEqual(['b1']);
  });

  it('with every session taken, acceptNextSession waits and then fails with ServiceTimeout', async () => {
    const { namespace, subscribe, send } = await doubleWithTopic();
    await subscribe('ordered', { requiresSession: true });
    await send(message('only', { sessionId: 'solo' }));
    const client = namespace.createClient({ retryOptions: { timeoutInMs: 1_000 } });
    await client.acceptNextSession('orders', 'ordered');
    const waiting = client.acceptNextSession('orders', 'ordered');
    const outcome = expect(waiting).rejects.toMatchObject({ code: 'ServiceTimeout' });
    await vi.advanceTimersByTimeAsync(1_000);
    await outcome;
  });

  it('a lost session lock returns its unsettled messages, counted, to the next owner; old settlements fail', async () => {
    const { client } = await sessionSetup();
    const owner = await client.acceptNextSession('orders', 'ordered');
    const [first] = await owner.receiveMessages(1, { maxWaitTimeInMs: 10 });
    await vi.advanceTimersByTimeAsync(20_000);
    const renewed = await owner.renewSessionLock();
    expect(renewed.getTime()).toBe(Date.now() + 30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(owner.completeMessage(first!)).rejects.toMatchObject({ code: 'SessionLockLost' });

    const next = await client.acceptNextSession('orders', 'ordered');
    expect(next.sessionId).toBe('a');
    const again = await next.receiveMessages(10, { maxWaitTimeInMs: 10 });
    expect(again.map((entry) => [entry.subject, entry.deliveryCount])).toEqual([
      ['a1', 1],
      ['a2', 0],
      ['a3', 0],
    ]);
  });

  it('closing a session receiver releases the session at once', async () => {
    const { client } = await sessionSetup();
    const owner = await client.acceptNextSession('orders', 'ordered');
    await owner.receiveMessages(1, { maxWaitTimeInMs: 10 });
    await owner.close();
    const next = await client.acceptNextSession('orders', 'ordered');
    expect(next.sessionId).toBe('a');
  });

  it('a session-enabled subscription refuses plain receivers, and a plain one refuses session receivers', async () => {
    const { client, subscribe } = await sessionSetup();
    await subscribe('plain');
    await expect(
      client.createReceiver('orders', 'ordered').receiveMessages(1, { maxWaitTimeInMs: 10 }),
    ).rejects.toThrow(/requires sessions/);
    await expect(client.acceptNextSession('orders', 'plain')).rejects.toThrow(/does not require sessions/);
    expect(
      await client.createReceiver('orders', 'ordered', { subQueueType: 'deadLetter' }).peekMessages(1),
    ).toEqual([]);
  });
});
