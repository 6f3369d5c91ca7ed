import type { Delivery } from '@pragmatic-messaging/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endpoint, envelope, transportFixture } from './transport-fixture.js';

describe('Azure Service Bus: the delivery signal behind ctx.signal', () => {
  let fixture = transportFixture();
  afterEach(async () => {
    vi.useRealTimers();
    await fixture.dispose();
    fixture = transportFixture();
  });

  it('aborts when the lock of a running handler is lost', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { transport } = fixture.create({ lockDurationMs: 5_000 });
    await transport.provision({ topics: [], endpoints: [endpoint('slow', { concurrency: 1, prefetch: 1 })] });
    let held: Delivery | undefined;
    await transport.consume(endpoint('slow', { concurrency: 1, prefetch: 1 }), async (delivery) => {
      held ??= delivery; // the first delivery; Service Bus redelivers the message once the lock is gone
    });
    await transport.send([envelope({ id: 'long-job' })]);
    await vi.waitFor(() => expect(held, 'the handler got the message').toBeDefined());
    expect(held!.signal?.aborted).toBe(false);

    // Someone else's lock now (as after a lock expiry the renewal came too late for): the next renewal fails.
    fixture.subscription('orders', 'slow')!.active[0]!.lock = undefined;
    for (let second = 0; second < 5; second++) await vi.advanceTimersByTimeAsync(1_000);
    expect(held!.signal?.aborted).toBe(true);
    expect(held!.signal?.reason).toMatchObject({ code: 'DELIVERY_LOST' });
    expect(String(held!.signal?.reason)).toMatch(/Lost the lock of message "long-job"/);
  });

  it('aborts when the transport closes under a running handler', async () => {
    const { transport } = fixture.create();
    await transport.provision({ topics: [], endpoints: [endpoint('closing')] });
    const held = new Promise<Delivery>((resolve) => {
      void transport.consume(endpoint('closing'), (delivery) => {
        resolve(delivery);
        return new Promise(() => {}); // never finishes
      });
    });
    await transport.send([envelope({ id: 'cut-short' })]);
    const delivery = await held;
    await transport.close();
    expect(delivery.signal?.reason).toMatchObject({ code: 'DELIVERY_LOST' });
  });
});
