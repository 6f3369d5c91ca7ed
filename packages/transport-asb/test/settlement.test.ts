import type { Delivery, FailureDetails } from '@pragmatic-messaging/core';
import { Headers } from '@pragmatic-messaging/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endpoint, envelope, transportFixture } from './transport-fixture.js';

const failure = (attempts: number): FailureDetails => ({
  reason: 'Error',
  message: 'boom',
  stack: 'Error: boom\n    at handler',
  endpoint: 'billing',
  attempts,
});

/** Consume an endpoint and collect deliveries as they arrive; the test settles them. */
async function collect(
  transport: ReturnType<ReturnType<typeof transportFixture>['create']>['transport'],
  name: string,
) {
  const deliveries: Delivery[] = [];
  const subscription = await transport.consume(endpoint(name), async (delivery) => {
    deliveries.push(delivery);
  });
  const next = async (count: number) => {
    await vi.waitFor(
      () => expect(deliveries.length, `${count} deliveries on ${name}`).toBeGreaterThanOrEqual(count),
      {
        timeout: 5_000,
      },
    );
    return deliveries[count - 1]!;
  };
  return { deliveries, subscription, next };
}

describe('Azure Service Bus transport: settlement', () => {
  let fixture = transportFixture();
  afterEach(async () => {
    await fixture.dispose();
    fixture = transportFixture();
  });

  async function twoEndpoints() {
    const { transport } = fixture.create();
    await transport.provision({ topics: [], endpoints: [endpoint('billing'), endpoint('audit')] });
    const billing = await collect(transport, 'billing');
    const audit = await collect(transport, 'audit');
    return { transport, billing, audit };
  }

  it('retryLater schedules a copy for the failing endpoint only, with attempt + 1 and the failure recorded', async () => {
    const { transport, billing, audit } = await twoEndpoints();
    await transport.send([envelope({ id: 'order-1' })]);
    const first = await billing.next(1);
    await audit.next(1);
    const scheduledAt = Date.now();
    await first.retryLater(300, failure(1));

    const retry = await billing.next(2);
    expect(Date.now() - scheduledAt).toBeGreaterThanOrEqual(250);
    expect(retry.message.id).toBe('order-1');
    expect(retry.attempt).toBe(2);
    expect(retry.message.headers[Headers.failureReason]).toBe('Error');
    expect(retry.redelivered).toBe(false);
    await retry.ack();
    // The other endpoint saw the original once, never the retry.
    await audit.deliveries[0]!.ack();
    expect(audit.deliveries).toHaveLength(1);
    expect(fixture.subscription('orders', 'billing')!.active).toEqual([]);
  });

  it('a retryLater whose scheduling fails abandons the message, so it comes back at once, not after its lock', async () => {
    const { transport, client } = fixture.create();
    const createSender = client.createSender.bind(client);
    client.createSender = (topic) => {
      const sender = createSender(topic);
      sender.scheduleMessages = async () => {
        throw Object.assign(new Error('The namespace is throttled'), { code: 'ServiceBusy' });
      };
      return sender;
    };
    await transport.provision({ topics: [], endpoints: [endpoint('billing')] });
    const billing = await collect(transport, 'billing');
    await transport.send([envelope({ id: 'order-5' })]);

    const failed = await billing.next(1);
    const error = await failed.retryLater(300, failure(1)).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/could not schedule.*abandoned, so Service Bus redelivers it now/is);
    const failedAt = Date.now();
    // The lock lasts 5 s: a message left locked would come back only then.
    await vi.waitFor(() => expect(billing.deliveries).toHaveLength(2), { timeout: 2_000 });
    expect(Date.now() - failedAt).toBeLessThan(2_000);
    const again = billing.deliveries[1]!;
    expect(again.message.id).toBe('order-5');
    expect(again.redelivered).toBe(true);
    await again.ack();
  });

  it('deadLetter uses the native dead-letter sub-queue with reason, description and our failure headers', async () => {
    const { transport, billing } = await twoEndpoints();
    await transport.send([envelope({ id: 'order-2' })]);
    await (await billing.next(1)).deadLetter(failure(3));

    const [stored] = fixture.subscription('orders', 'billing')!.deadLetters;
    expect(stored).toMatchObject({ deadLetterReason: 'Error', deadLetterErrorDescription: 'boom' });
    const [deadLetter, ...others] = await transport.deadLetters('billing').list();
    expect(others).toEqual([]);
    expect(deadLetter!.message.id).toBe('order-2');
    expect(deadLetter!.failure).toMatchObject({
      reason: 'Error',
      message: 'boom',
      endpoint: 'billing',
      attempts: 3,
    });
    expect(await transport.deadLetters('audit').list()).toEqual([]);
  });

  it('release abandons: the message comes straight back, marked redelivered, attempt unchanged', async () => {
    const { transport, billing } = await twoEndpoints();
    await transport.send([envelope({ id: 'order-3' })]);
    await (await billing.next(1)).release();
    const again = await billing.next(2);
    expect(again.message.id).toBe('order-3');
    expect(again.redelivered).toBe(true);
    expect(again.attempt).toBe(1);
    await again.ack();
  });

  it('a delivery settles once; a second verb fails clearly', async () => {
    const { transport, billing } = await twoEndpoints();
    await transport.send([envelope()]);
    const delivery = await billing.next(1);
    await delivery.ack();
    await expect(delivery.ack()).rejects.toThrow(/already settled/);
  });

  it('dead letters Service Bus made itself (MaxDeliveryCountExceeded) are listed with its reason', async () => {
    const { transport } = fixture.create({ maxDeliveryCount: 1 });
    await transport.provision({ topics: [], endpoints: [endpoint('billing')] });
    const billing = await collect(transport, 'billing');
    await transport.send([envelope({ id: 'order-4' })]);
    await (await billing.next(1)).release();
    await vi.waitFor(() => expect(fixture.subscription('orders', 'billing')!.deadLetters).toHaveLength(1));
    const [deadLetter] = await transport.deadLetters('billing').list();
    expect(deadLetter!.failure).toMatchObject({ reason: 'MaxDeliveryCountExceeded', endpoint: 'billing' });
  });

  it('a fresh transport finds an endpoint’s dead letters, replays and purges by filter', async () => {
    const { transport, billing } = await twoEndpoints();
    await transport.send([envelope({ id: 'keep', type: 'orders.created' }), envelope({ id: 'drop' })]);
    await (await billing.next(1)).deadLetter(failure(1));
    await (await billing.next(2)).deadLetter({ ...failure(1), message: 'unfixable' });

    const { transport: tool } = fixture.create();
    expect((await tool.deadLetters('billing').list()).map((entry) => entry.message.id).sort()).toEqual([
      'drop',
      'keep',
    ]);
    expect(await tool.deadLetters('billing').purge({ error: 'unfixable' })).toBe(1);
    expect(await tool.deadLetters('billing').replay()).toBe(1);
    const replayed = await billing.next(3);
    expect(replayed.message.id).toBe('keep');
    expect(replayed.message.headers[Headers.replayCount]).toBe('1');
    expect(replayed.message.headers[Headers.failureReason]).toBeUndefined();
    await replayed.ack();
    expect(await tool.deadLetters('billing').list()).toEqual([]);
  });
});
