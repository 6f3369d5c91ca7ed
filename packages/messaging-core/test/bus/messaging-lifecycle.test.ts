import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness } from '../../src/entries/testing.js';
import {
  ConfigurationError,
  createInMemoryTransport,
  createMessaging,
  InMemoryBroker,
  LifecycleError,
  type Messaging,
} from '../../src/index.js';
import { TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function bus(service = 'lifecycle', broker = new InMemoryBroker()) {
  const transport = createInMemoryTransport({ broker, reconnectDelayMs: 20 });
  const messaging = createMessaging({ service, transport, retry: { immediate: 0, delays: [] } });
  buses.push(messaging);
  return { messaging, transport, broker };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('bus lifecycle', () => {
  it('needs a service name and a transport', () => {
    const transport = createInMemoryTransport();
    expect(() => createMessaging({ service: ' ', transport })).toThrow(ConfigurationError);
    expect(() => createMessaging({ service: 'x', transport: undefined as never })).toThrow(
      'createMessaging needs a transport',
    );
  });

  it('rejects a publish before start, naming the type and the state', async () => {
    const { messaging } = bus();
    const publish = messaging.publish(TicketCreated, { ticketId: 't-1', title: 'early' });
    await expect(publish).rejects.toBeInstanceOf(LifecycleError);
    await expect(publish).rejects.toThrow(
      'Cannot publish "tickets.ticket-created" while the bus is created; call start() first',
    );
  });

  it('rejects a second start and changes to endpoints after start', async () => {
    const { messaging } = bus();
    const endpoint = messaging.endpoint('tickets').on(TicketCreated, () => {});
    await messaging.start();
    await expect(messaging.start()).rejects.toThrow('start() called on a bus that is started');
    expect(() => messaging.endpoint('late')).toThrow(/Cannot add endpoint "late" after start\(\)/);
    expect(() => endpoint.on(TicketAssigned, () => {})).toThrow(
      'Endpoint "tickets" cannot change after the bus started; register handlers first',
    );
    expect(() => messaging.extend({})).toThrow(LifecycleError);
  });

  it('rejects two handlers for one type on one endpoint', () => {
    const { messaging } = bus();
    const endpoint = messaging.endpoint('tickets').on(TicketCreated, () => {});
    expect(() => endpoint.on(TicketCreated, () => {})).toThrow(
      'Endpoint "tickets" already has a handler for "tickets.ticket-created"',
    );
  });

  it('stops idempotently: concurrent and repeated stops resolve, publishing afterwards rejects', async () => {
    const { messaging, transport } = bus();
    messaging.endpoint('tickets').on(TicketCreated, () => {});
    await messaging.start();
    await Promise.all([messaging.stop(), messaging.stop()]);
    await messaging.stop();
    expect(messaging.state).toBe('stopped');
    expect(transport.health().status).toBe('closed');
    await expect(messaging.publish(TicketCreated, { ticketId: 't', title: 'late' })).rejects.toThrow(
      'while the bus is stopped',
    );
  });

  it('stops a bus that never started without touching the transport', async () => {
    const { messaging, transport } = bus();
    await messaging.stop();
    expect(messaging.state).toBe('stopped');
    expect(transport.health().status).toBe('idle');
  });

  it('stops gracefully: the in-flight handler finishes (and may publish), its message is not redelivered', async () => {
    const broker = new InMemoryBroker();
    const { messaging: first } = bus('first', broker);
    const started = deferred();
    const release = deferred();
    let finished = false;
    first.endpoint('workers', { concurrency: 1 }).on(TicketCreated, async (ticket, context) => {
      started.resolve();
      await release.promise;
      await context.publish(TicketAssigned, { ticketId: ticket.ticketId, agent: 'during-stop' });
      finished = true;
    });
    first.endpoint('assignments').on(TicketAssigned, () => {});
    await first.start();
    await first.publish(TicketCreated, { ticketId: 't-1', title: 'in flight' });
    await started.promise;

    let stopped = false;
    const stopping = first.stop().then(() => {
      stopped = true;
    });
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped, 'stop() waits for the in-flight handler').toBe(false);
    expect(first.state).toBe('stopping');
    release.resolve();
    await stopping;
    expect(finished).toBe(true);

    // A sentinel published after the stop arrives after anything the broker would have redelivered.
    const { messaging: second } = bus('second', broker);
    second.endpoint('workers', { concurrency: 1 }).on(TicketCreated, () => {});
    const harness = createTestHarness(second);
    await second.start();
    await second.publish(TicketCreated, { ticketId: 'sentinel', title: 'after stop' });
    await harness.handled(TicketCreated, { where: (ticket) => ticket.ticketId === 'sentinel' });
    expect(harness.recorded('handled', TicketCreated).map((entry) => entry.message.ticketId)).toEqual([
      'sentinel',
    ]);
  });

  it('gives up waiting at the shutdown timeout and closes anyway', async () => {
    const transport = createInMemoryTransport();
    const messaging = createMessaging({ service: 'impatient', transport, shutdownTimeoutMs: 50 });
    const started = deferred();
    const never = deferred();
    messaging.endpoint('stuck').on(TicketCreated, async () => {
      started.resolve();
      await never.promise;
    });
    await messaging.start();
    await messaging.publish(TicketCreated, { ticketId: 't', title: 'stuck' });
    await started.promise;
    const before = performance.now();
    await messaging.stop();
    expect(performance.now() - before).toBeGreaterThanOrEqual(45);
    expect(messaging.state).toBe('stopped');
    never.resolve();
  });
});
