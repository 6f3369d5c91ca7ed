import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness, createTestMessaging } from '../../src/entries/testing.js';
import {
  createInMemoryTransport,
  createMessaging,
  LifecycleError,
  type Messaging,
  type Transport,
} from '../../src/index.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A transport whose sends wait until the test lets them through. */
function transportWithHeldSends() {
  const transport: Transport = createInMemoryTransport();
  const gate = deferred();
  const sending = deferred();
  let sends = 0;
  const send = transport.send.bind(transport);
  transport.send = async (messages) => {
    sends++;
    sending.resolve();
    await gate.promise;
    return send(messages);
  };
  return { transport, release: gate.resolve, sending: sending.promise, sends: () => sends };
}

describe('cancellation: ctx.signal', () => {
  it('aborts when the bus stops waiting for a handler at shutdown, with a LifecycleError saying so', async () => {
    const bus = createTestMessaging({ shutdownTimeoutMs: 50 });
    buses.push(bus);
    const started = deferred();
    const aborted = deferred<unknown>();
    bus.endpoint('slow').on(TicketCreated, async (_ticket, context) => {
      started.resolve();
      await new Promise<void>((resolve) => {
        context.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      aborted.resolve(context.signal.reason);
    });
    await bus.start();
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'hangs' });
    await started.promise;

    const stopping = bus.stop();
    const reason = await aborted.promise;
    await stopping;
    expect(reason).toBeInstanceOf(LifecycleError);
    expect((reason as Error).message).toMatch(/stopped waiting for handlers after 50 ms.*redelivered/);
  });

  it('stays quiet while a graceful stop lets the handler finish in time', async () => {
    const bus = createTestMessaging({ shutdownTimeoutMs: 5_000 });
    buses.push(bus);
    const started = deferred();
    const finish = deferred();
    let abortedAtEnd: boolean | undefined;
    bus.endpoint('quick').on(TicketCreated, async (_ticket, context) => {
      started.resolve();
      await finish.promise;
      abortedAtEnd = context.signal.aborted;
    });
    const harness = createTestHarness(bus);
    await bus.start();
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'finishes' });
    await started.promise;
    const stopping = bus.stop();
    finish.resolve();
    await stopping;
    expect(abortedAtEnd).toBe(false);
    expect(harness.recorded('handled', TicketCreated)).toHaveLength(1);
  });

  it("follows the transport's delivery signal (a lost lock or channel)", async () => {
    const transport = createInMemoryTransport();
    const lost = new AbortController();
    const consume = transport.consume.bind(transport);
    transport.consume = (endpoint, handler) =>
      consume(endpoint, (delivery) => handler({ ...delivery, signal: lost.signal }));
    const bus = createMessaging({ service: 'signals', transport, retry: { immediate: 0, delays: [] } });
    buses.push(bus);
    const reason = deferred<unknown>();
    bus.endpoint('locked').on(TicketCreated, async (_ticket, context) => {
      context.signal.addEventListener('abort', () => reason.resolve(context.signal.reason), { once: true });
      lost.abort(new Error('lock lost'));
    });
    await bus.start();
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'locked' });
    expect(await reason.promise).toEqual(new Error('lock lost'));
  });
});

describe('cancellation: publish({ signal })', () => {
  it('rejects with the reason and sends nothing when the signal is already aborted', async () => {
    const { transport, release, sends } = transportWithHeldSends();
    release();
    const bus = createMessaging({ service: 'publisher', transport, publishes: [TicketCreated] });
    buses.push(bus);
    await bus.start();
    const reason = new Error('request cancelled');
    const publish = bus.publish(
      TicketCreated,
      { ticketId: 't-1', title: 'never' },
      { signal: AbortSignal.abort(reason) },
    );
    await expect(publish).rejects.toBe(reason);
    expect(sends()).toBe(0);
  });

  it('stops waiting for the broker when the signal aborts', async () => {
    const { transport, release, sending } = transportWithHeldSends();
    const bus = createMessaging({ service: 'publisher', transport, publishes: [TicketCreated] });
    buses.push(bus);
    await bus.start();
    const controller = new AbortController();
    const publish = bus.publish(
      TicketCreated,
      { ticketId: 't-1', title: 'slow broker' },
      { signal: controller.signal },
    );
    await sending;
    controller.abort(new Error('gave up'));
    await expect(publish).rejects.toThrow('gave up');
    release();
  });
});

describe('disposal', () => {
  it('stops the bus at the end of an `await using` scope', async () => {
    let disposed: Messaging | undefined;
    {
      await using bus = createTestMessaging();
      bus.endpoint('scoped').on(TicketCreated, () => {});
      await bus.start();
      disposed = bus;
      expect(bus.state).toBe('started');
    }
    expect(disposed.state).toBe('stopped');
  });
});
