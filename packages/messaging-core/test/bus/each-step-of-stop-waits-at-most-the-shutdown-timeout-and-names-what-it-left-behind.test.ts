import { afterEach, expect, it } from 'vitest';
import {
  createInMemoryTransport,
  createMemoryStore,
  createMessaging,
  type InMemoryTransport,
  type Messaging,
  type MessagingExtension,
} from '../../src/index.js';
import { recordingLogger } from '../support/recording-logger.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const SHUTDOWN_TIMEOUT_MS = 150;
const service = 'closing';
const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.allSettled(buses.splice(0).map((bus) => bus.stop()));
});

const never = () => new Promise<void>(() => {});

/** A started bus with one endpoint (running `handler`) and one extension, whose logger keeps what it says. */
async function startedBus(
  transport: InMemoryTransport,
  extension: MessagingExtension = {},
  handler: () => Promise<void> = async () => {},
) {
  const logger = recordingLogger();
  const messaging = createMessaging({ service, transport, logger, shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS });
  buses.push(messaging);
  messaging.extend(extension);
  messaging.endpoint('tickets').on(TicketCreated, handler);
  await messaging.start();
  return { messaging, transport, logger };
}

/** A transport whose close() never resolves (a client library hanging while it leaves), or fails when told. */
function transportHangingOnClose() {
  const transport = createInMemoryTransport();
  const close = transport.close.bind(transport);
  let closeCalls = 0;
  let failClose: (error: Error) => void = () => {};
  transport.close = () => {
    closeCalls++;
    void close();
    return new Promise<void>((_, reject) => {
      failClose = reject;
    });
  };
  return { transport, closeCalls: () => closeCalls, failClose: (error: Error) => failClose(error) };
}

const warnings = (logger: ReturnType<typeof recordingLogger>) =>
  logger.entries.filter((entry) => entry.level !== 'info' && entry.level !== 'debug');

it('a transport that never finishes closing does not hold stop() past the shutdown timeout, and says so', async () => {
  const hanging = transportHangingOnClose();
  const { messaging, logger } = await startedBus(hanging.transport);
  const started = performance.now();

  await messaging.stop();

  const tookMs = performance.now() - started;
  expect(hanging.closeCalls()).toBe(1);
  expect(messaging.state).toBe('stopped');
  // The timeout, with room for a busy machine's timer.
  expect(tookMs).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS - 5);
  expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2_000);
  expect(warnings(logger)).toEqual([
    {
      level: 'warn',
      fields: { service, transport: 'memory', timeoutMs: SHUTDOWN_TIMEOUT_MS },
      message: 'The transport did not close within the shutdown timeout; stopped without waiting for it',
    },
  ]);
  expect(logger.entries.at(-1)).toEqual({ level: 'info', fields: { service }, message: 'Messaging stopped' });
});

it('a close that fails after the bus gave up on it is logged, not thrown where nobody listens', async () => {
  const hanging = transportHangingOnClose();
  const { messaging, logger } = await startedBus(hanging.transport);
  await messaging.stop();

  const failure = new Error('socket already destroyed');
  hanging.failClose(failure);
  await new Promise((resolve) => setImmediate(resolve));
  expect(logger.entries.at(-1)).toEqual({
    level: 'error',
    fields: { service, err: failure },
    message: 'The transport failed to close after the shutdown timeout',
  });
});

it('a close that fails in time fails stop()', async () => {
  const transport = createInMemoryTransport();
  const failure = new Error('channel close refused');
  transport.close = async () => {
    throw failure;
  };
  const { messaging } = await startedBus(transport);
  await expect(messaging.stop()).rejects.toBe(failure);
});

it('an extension that never finishes stopping does not hold stop() either, and the transport still closes', async () => {
  const { messaging, transport, logger } = await startedBus(createInMemoryTransport(), { stop: never });

  await messaging.stop();

  expect(messaging.state).toBe('stopped');
  expect(transport.health().status).toBe('closed');
  expect(warnings(logger)).toEqual([
    {
      level: 'warn',
      fields: { service, timeoutMs: SHUTDOWN_TIMEOUT_MS },
      message: 'An extension did not stop within the shutdown timeout; not waiting for it',
    },
  ]);
});

it('extensions stop in the reverse order they were added, each once it is its turn', async () => {
  const stopped: string[] = [];
  const transport = createInMemoryTransport();
  const logger = recordingLogger();
  const messaging = createMessaging({ service, transport, logger, shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS });
  buses.push(messaging);
  for (const name of ['first', 'second', 'third']) {
    messaging.extend({
      stop: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        stopped.push(name);
      },
    });
  }
  messaging.extend({});
  await messaging.start();

  await messaging.stop();

  expect(stopped).toEqual(['third', 'second', 'first']);
  expect(warnings(logger)).toEqual([]);
});

it('an extension whose stop throws at once is logged, and the bus still stops', async () => {
  const failure = new Error('exporter gone');
  const { messaging, transport, logger } = await startedBus(createInMemoryTransport(), {
    stop: () => {
      throw failure;
    },
  });

  await messaging.stop();

  expect(messaging.state).toBe('stopped');
  expect(transport.health().status).toBe('closed');
  expect(warnings(logger)).toEqual([
    { level: 'error', fields: { service, err: failure }, message: 'Extension failed to stop cleanly' },
  ]);
});

it('a publish the broker never confirms does not hold stop(), and is named', async () => {
  const transport = createInMemoryTransport();
  const { messaging, logger } = await startedBus(transport);
  transport.send = never;
  void messaging.publish(TicketCreated, { ticketId: 't-1', title: 'never confirmed' }).catch(() => {});

  await messaging.stop();

  expect(warnings(logger)).toEqual([
    {
      level: 'warn',
      fields: { service, timeoutMs: SHUTDOWN_TIMEOUT_MS },
      message: 'Publishes still unconfirmed at shutdown timeout',
    },
  ]);
});

it('a handler that never ends does not hold stop(), and is named', async () => {
  let handling: () => void = () => {};
  const handled = new Promise<void>((resolve) => {
    handling = resolve;
  });
  const transport = createInMemoryTransport();
  const { messaging, logger } = await startedBus(transport, {}, async () => {
    handling();
    await never();
  });
  await messaging.publish(TicketCreated, { ticketId: 't-1', title: 'handled for ever' });
  await handled;

  await messaging.stop();

  expect(messaging.state).toBe('stopped');
  expect(warnings(logger)).toContainEqual({
    level: 'warn',
    fields: { service, timeoutMs: SHUTDOWN_TIMEOUT_MS },
    message: 'Handlers still running at shutdown timeout; their messages will be redelivered',
  });
});

/** A transport that lost its broker: it says it is reconnecting, and a send waits for a broker that is not there. */
function transportWithItsBrokerAway(status: 'reconnecting' | 'failed' = 'reconnecting') {
  const transport = createInMemoryTransport();
  const health = transport.health.bind(transport);
  let away = false;
  let sent: () => void = () => {};
  const sendWaiting = new Promise<void>((resolve) => {
    sent = resolve;
  });
  transport.health = () => (away ? { status, detail: 'broker gone' } : health());
  return {
    transport,
    goAway: () => {
      away = true;
      transport.send = () => {
        sent();
        return never();
      };
    },
    /** Resolves once a send waits for the broker. */
    sendWaiting,
  };
}

it.each(['reconnecting', 'failed'] as const)(
  'with the broker away (%s), stop() does not wait for unconfirmed publishes: it says so and moves on',
  async (status) => {
    const { transport, goAway } = transportWithItsBrokerAway(status);
    const { messaging, logger } = await startedBus(transport);
    goAway();
    void messaging.publish(TicketCreated, { ticketId: 't-1', title: 'broker away' }).catch(() => {});
    const started = performance.now();

    await messaging.stop();

    expect(performance.now() - started).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(warnings(logger)).toEqual([
      {
        level: 'warn',
        fields: { service, publishes: 1, transport: status },
        message: 'Publishes still unconfirmed at stop, and the broker is away: not waiting for them',
      },
    ]);
  },
);

it('with the broker away, stop() does not wait for an outbox round either: its rows stay for later', async () => {
  const { transport, goAway, sendWaiting } = transportWithItsBrokerAway();
  const store = createMemoryStore();
  const logger = recordingLogger();
  const messaging = createMessaging({
    service,
    transport,
    store,
    logger,
    shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
  });
  buses.push(messaging);
  messaging.endpoint('tickets').on(TicketCreated, async () => {});
  await messaging.start();
  goAway();
  await messaging.transaction((_tx, publish) =>
    publish(TicketCreated, { ticketId: 't-1', title: 'in the outbox' }),
  );
  await sendWaiting; // the relay's round is out, waiting for the broker
  const started = performance.now();

  await messaging.stop();

  expect(performance.now() - started).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
  expect(warnings(logger)).toContainEqual({
    level: 'warn',
    fields: { timeoutMs: 0, rounds: 1 },
    message: 'Outbox rounds still waiting for the broker at stop; their rows stay and are sent later',
  });
  expect((await store.outboxBacklog()).unsent).toBe(1);
});

it('with the broker away and nothing unconfirmed, stop() has nothing to say', async () => {
  const { transport, goAway } = transportWithItsBrokerAway();
  const { messaging, logger } = await startedBus(transport);
  goAway();

  await messaging.stop();

  expect(warnings(logger)).toEqual([]);
});

it('a publish confirmed while stop() waits for it is not named', async () => {
  const transport = createInMemoryTransport();
  const { messaging, logger } = await startedBus(transport);
  const send = transport.send.bind(transport);
  transport.send = async (messages) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return send(messages);
  };
  const publishing = messaging.publish(TicketCreated, { ticketId: 't-1', title: 'confirmed late' });

  await messaging.stop();

  await publishing;
  expect(warnings(logger)).toEqual([]);
});
