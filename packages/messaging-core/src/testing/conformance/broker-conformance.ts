import { expect, it } from 'vitest';
import { Headers } from '../../contracts/headers.js';
import type { TransportMessage } from '../../contracts/transport-message.js';
import { PublishError } from '../../errors.js';
import type { ConformanceFixture } from './conformance-fixture.js';

type Fixture = () => ConformanceFixture;

function rawMessage(topic: string, type: string, mandatory: boolean): TransportMessage {
  return {
    id: `raw-${Math.random().toString(36).slice(2)}`,
    type,
    topic,
    headers: { [Headers.contentType]: 'application/json', [Headers.attempt]: '1' },
    body: new TextEncoder().encode('{}'),
    timestamp: Date.now(),
    mandatory,
  };
}

/**
 * Items 8–12: publish confirmation, connection loss (cut from outside, and by the transport's own
 * `simulateConnectionLoss`), graceful stop, idempotent provisioning.
 */
export function brokerConformance(fixture: Fixture): void {
  it('8. publish confirmation: send rejects when the broker refuses; nothing is silently lost', async () => {
    const f = fixture();
    const transport = await f.options.createTransport();
    await transport.connect();
    try {
      const missing = rawMessage(f.name('no-such-topic'), 'conf.missing', false);
      await expect(transport.send([missing])).rejects.toBeInstanceOf(PublishError);
      await expect(transport.send([missing])).rejects.toThrow(f.name('no-such-topic'));

      const lonely = f.name('lonely');
      await transport.provision({ topics: [{ name: lonely, messageTypes: ['conf.lonely'] }], endpoints: [] });
      if (transport.capabilities.unroutableDetection) {
        await expect(transport.send([rawMessage(lonely, 'conf.lonely', true)])).rejects.toThrow(
          /unroutable/i,
        );
      }
      // A message that may go nowhere is accepted (fire-and-forget signals).
      await expect(transport.send([rawMessage(lonely, 'conf.lonely', false)])).resolves.toBeUndefined();
    } finally {
      await transport.close();
    }
  });

  it('9. connection loss mid-stream: the transport reconnects and no message is lost', async () => {
    const f = fixture();
    const contract = f.contract('flaky');
    const total = 200;
    const bus = await f.bus(
      'consumer',
      (b) => b.endpoint(f.name('flaky'), { concurrency: 4 }).on(contract, f.recorder('consumer')),
      { publishes: [contract] },
    );
    const publishUntilAccepted = (seq: number) =>
      f.publishUntilAccepted(bus, contract, { ...f.sample(seq, `key-${seq % 10}`), id: `msg-${seq}` });
    for (let seq = 0; seq < total / 2; seq++) await publishUntilAccepted(seq);
    await f.until(() => f.received.length >= total / 4, 'a quarter handled before the cut');
    // Acks in flight when the connection goes are refused; those messages come back (counted below).
    f.expectSettlementFailures('consumer');
    await (f.options.cutConnection ?? ((transport) => transport.simulateConnectionLoss()))(bus.transport);
    for (let seq = total / 2; seq < total; seq++) await publishUntilAccepted(seq);

    const handledIds = () => new Set(f.received.map((entry) => entry.message.id));
    await f.until(
      () => handledIds().size === total,
      `all ${total} distinct messages handled after reconnecting`,
    );
    expect(bus.health().transport.status).toBe('connected');
  });

  it('10. graceful stop finishes in-flight handlers and acks them; nothing is redelivered', async () => {
    const f = fixture();
    const contract = f.contract('graceful');
    const endpoint = f.name('graceful');
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    const first = await f.bus('first', (bus) =>
      bus.endpoint(endpoint, { concurrency: 1 }).on(contract, async () => {
        started();
        await gate;
        finished = true;
      }),
    );
    const producer = await f.bus('producer', () => {}, { publishes: [contract] });
    await producer.publish(contract, f.sample(1, 'k', 'in flight during stop'));
    await handlerStarted;

    let stopped = false;
    const stopping = first.stop().then(() => {
      stopped = true;
    });
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped, 'stop() waits for the in-flight handler').toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);

    // A sentinel published after the stop arrives after anything the broker would have redelivered.
    await f.bus('second', (bus) =>
      bus.endpoint(endpoint, { concurrency: 1 }).on(contract, f.recorder('second')),
    );
    await producer.publish(contract, f.sample(2, 'k', 'sentinel'));
    await f.until(
      () => f.receivedBy('second').some((entry) => entry.message.seq === 2),
      'the sentinel arrives',
    );
    expect(f.receivedBy('second').map((entry) => entry.message.seq)).toEqual([2]);
  });

  it('11. provisioning is idempotent: running it again keeps queued messages and bindings', async () => {
    const f = fixture();
    const contract = f.contract('idempotent');
    const endpoint = f.name('idempotent');
    const first = await f.bus('first', (bus) => bus.endpoint(endpoint).on(contract, f.recorder('first')));
    const topology = first.topology();
    await first.stop();

    const producer = await f.bus('producer', () => {}, { publishes: [contract] });
    await producer.publish(contract, f.sample(1, 'k', 'waiting in the queue'));
    const transport = await f.options.createTransport();
    await transport.connect();
    try {
      await transport.provision(topology);
      await transport.provision(topology);
    } finally {
      await transport.close();
    }
    await f.bus('second', (bus) => bus.endpoint(endpoint).on(contract, f.recorder('second')));
    await producer.publish(contract, f.sample(2, 'k', 'after re-provisioning'));
    await f.until(() => f.receivedBy('second').length === 2, 'both messages are handled');
    expect(
      f
        .receivedBy('second')
        .map((entry) => entry.message.seq)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('12. a connection lost mid-stream (simulateConnectionLoss) is recovered and nothing is lost', async () => {
    const f = fixture();
    const contract = f.contract('dropped');
    const total = 60;
    // A little work per message keeps deliveries in flight when the connection goes.
    const work = () => new Promise<void>((resolve) => setTimeout(resolve, 5));
    const bus = await f.bus(
      'consumer',
      (b) => {
        b.endpoint(f.name('dropped'), { concurrency: 4 }).on(contract, f.recorder('durable', work));
        // A per-instance endpoint goes away with the connection on most brokers and must come back with it.
        b.endpoint(f.name('dropped-signals'), { temporary: true, transactional: false }).on(
          contract,
          f.recorder('temporary'),
        );
      },
      { publishes: [contract] },
    );
    const publishUntilAccepted = (seq: number) =>
      f.publishUntilAccepted(bus, contract, { ...f.sample(seq, `key-${seq % 5}`), id: `drop-${seq}` });
    for (let seq = 0; seq < total / 2; seq++) await publishUntilAccepted(seq);
    await f.until(() => f.receivedBy('durable').length >= total / 6, 'some handled before the loss');

    // As in item 9: acks in flight at the loss are refused, and those messages come back.
    f.expectSettlementFailures('consumer');
    await bus.transport.simulateConnectionLoss();
    for (let seq = total / 2; seq < total; seq++) await publishUntilAccepted(seq);

    const handled = (label: string) => new Set(f.receivedBy(label).map((entry) => entry.message.id));
    await f.until(() => handled('durable').size === total, `all ${total} handled by the durable endpoint`);
    // What a temporary endpoint held at the loss may be gone with it; what was published after it must arrive.
    await f.until(
      () =>
        Array.from({ length: total / 2 }, (_, i) => `drop-${total / 2 + i}`).every((id) =>
          handled('temporary').has(id),
        ),
      'every message published after the loss reaches the temporary endpoint',
    );
    await f.until(() => bus.health().transport.status === 'connected', 'the transport reports connected');
  });
}
