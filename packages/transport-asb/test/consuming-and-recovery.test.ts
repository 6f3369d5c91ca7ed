import type { Delivery } from '@pragmatic-messaging/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AzureServiceBusTransport } from '../src/index.js';
import type { ServiceBusClientDouble } from './double/service-bus-client-double.js';
import { endpoint, envelope, recordingLogger, transportFixture } from './transport-fixture.js';

describe('Azure Service Bus transport: consuming and recovery', () => {
  let fixture = transportFixture();
  afterEach(async () => {
    vi.useRealTimers();
    await fixture.dispose();
    fixture = transportFixture();
  });

  it('renews the lock while a handler runs longer than the lock duration, so nobody else gets the message', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { transport } = fixture.create({ lockDurationMs: 5_000 });
    await transport.provision({ topics: [], endpoints: [endpoint('slow', { concurrency: 1, prefetch: 1 })] });
    let held: Delivery | undefined;
    await transport.consume(endpoint('slow', { concurrency: 1, prefetch: 1 }), async (delivery) => {
      held = delivery;
    });
    await transport.send([envelope({ id: 'long-job' })]);
    await vi.waitFor(() => expect(held, 'the handler got the message').toBeDefined());

    const stored = () => fixture.subscription('orders', 'slow')!.active[0];
    for (let second = 0; second < 20; second++) await vi.advanceTimersByTimeAsync(1_000);
    // Four lock durations later: still locked by us, never redelivered.
    expect(stored()!.deliveryCount).toBe(0);
    expect(stored()!.lock!.until).toBeGreaterThan(Date.now());
    await held!.ack();
    expect(fixture.subscription('orders', 'slow')!.active).toEqual([]);
  });

  // Cut by the double (an outage of 300 ms), or by the transport resetting the SDK's socket as on a real SDK.
  it.each([
    {
      cut: 'the network',
      drop: (_transport: AzureServiceBusTransport, client: ServiceBusClientDouble) =>
        client.simulateConnectionLoss(300),
    },
    {
      cut: 'simulateConnectionLoss',
      drop: (transport: AzureServiceBusTransport) => transport.simulateConnectionLoss(),
    },
  ])(
    'health turns reconnecting with the receiver error when $cut cuts the connection, then connected again',
    async ({ drop }) => {
      const logger = recordingLogger();
      const { transport, client } = fixture.create({ logger });
      await transport.connect();
      await transport.provision({ topics: [], endpoints: [endpoint('billing')] });
      const handled: string[] = [];
      await transport.consume(endpoint('billing'), async (delivery) => {
        handled.push(delivery.message.id);
        await delivery.ack();
      });
      await vi.waitFor(() => expect(client.interrupts.size, 'the receiver is waiting').toBeGreaterThan(0));
      await drop(transport, client);
      await vi.waitFor(() => expect(transport.health().status).toBe('reconnecting'), { timeout: 2_000 });
      expect(transport.health().detail).toMatch(
        /orders\/Subscriptions\/billing: ServiceCommunicationProblem/,
      );

      await vi.waitFor(() => expect(transport.health().status).toBe('connected'), { timeout: 5_000 });
      await transport.send([envelope({ id: 'after-outage' })]);
      await vi.waitFor(() => expect(handled).toEqual(['after-outage']), { timeout: 5_000 });
      expect(logger.lines.some((line) => line.includes('Service Bus receive failed; retrying'))).toBe(true);
    },
  );

  it('ordered endpoints hand out each key in order, one session per worker', async () => {
    const { transport } = fixture.create();
    const ordered = endpoint('tracker', { partitions: 4, concurrency: 3, prefetch: 6 });
    await transport.provision({ topics: [], endpoints: [ordered] });
    const seen: string[] = [];
    await transport.consume(ordered, async (delivery) => {
      seen.push(`${delivery.message.key}:${delivery.message.id}`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      await delivery.ack();
    });
    const messages = ['a', 'b', 'c', 'd'].flatMap((key) =>
      Array.from({ length: 10 }, (_, seq) => envelope({ key, id: `${key}-${seq}` })),
    );
    await transport.send(messages);
    await vi.waitFor(() => expect(seen).toHaveLength(40), { timeout: 10_000 });
    for (const key of ['a', 'b', 'c', 'd']) {
      const order = seen.filter((entry) => entry.startsWith(`${key}:`)).map((entry) => entry.split(':')[1]);
      expect(order).toEqual(Array.from({ length: 10 }, (_, seq) => `${key}-${seq}`));
    }
    expect(fixture.subscription('orders', 'tracker')!.active).toEqual([]);
  });

  it('stop() waits for in-flight handlers and closes the receivers', async () => {
    const { transport } = fixture.create();
    await transport.provision({ topics: [], endpoints: [endpoint('billing')] });
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let started = false;
    const subscription = await transport.consume(endpoint('billing'), async (delivery) => {
      started = true;
      await gate;
      await delivery.ack();
    });
    await transport.send([envelope()]);
    await vi.waitFor(() => expect(started).toBe(true));
    let stopped = false;
    const stopping = subscription.stop().then(() => {
      stopped = true;
    });
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(fixture.subscription('orders', 'billing')!.active).toEqual([]);
  });
});
