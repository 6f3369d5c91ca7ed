import { afterEach, expect, it } from 'vitest';
import {
  createInMemoryTransport,
  createMessaging,
  type InMemoryTransport,
  type Messaging,
  type MessagingExtension,
} from '../../src/index.js';
import { recordingLogger } from '../support/recording-logger.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const SHUTDOWN_TIMEOUT_MS = 150;
const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.allSettled(buses.splice(0).map((bus) => bus.stop()));
});

const never = () => new Promise<void>(() => {});

/** A started bus over a transport whose close() never resolves (a client library hanging while it leaves). */
async function busWhoseTransportHangsOnClose(options: { failLater?: Error } = {}) {
  const transport = createInMemoryTransport();
  const close = transport.close.bind(transport);
  let closeCalled = 0;
  let failLater: (error: Error) => void = () => {};
  transport.close = () => {
    closeCalled++;
    void close();
    return options.failLater
      ? new Promise<void>((_, reject) => {
          failLater = reject;
        })
      : never();
  };
  const { messaging, logger } = await startedBus(transport, {});
  return { messaging, logger, closeCalls: () => closeCalled, failLater: (error: Error) => failLater(error) };
}

it('a transport that never finishes closing does not hold stop() past the shutdown timeout, and says so', async () => {
  const { messaging, logger, closeCalls } = await busWhoseTransportHangsOnClose();
  const started = performance.now();

  await messaging.stop();

  const tookMs = performance.now() - started;
  expect(closeCalls()).toBe(1);
  expect(messaging.state).toBe('stopped');
  // The timeout, with room for a busy machine's timer.
  expect(tookMs).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS - 5);
  expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2_000);
  expect(logger.entries).toContainEqual({
    level: 'warn',
    fields: { service: 'closing', transport: 'memory', timeoutMs: SHUTDOWN_TIMEOUT_MS },
    message: 'The transport did not close within the shutdown timeout; stopped without waiting for it',
  });
});

it('a close that fails after the bus gave up on it is logged, not thrown where nobody listens', async () => {
  const { messaging, logger, failLater } = await busWhoseTransportHangsOnClose({ failLater: new Error('?') });
  await messaging.stop();

  const failure = new Error('socket already destroyed');
  failLater(failure);
  await new Promise((resolve) => setImmediate(resolve));
  expect(logger.entries.at(-1)).toEqual({
    level: 'error',
    fields: { service: 'closing', err: failure },
    message: 'The transport failed to close after the shutdown timeout',
  });
});

/** A started bus with one endpoint and one extension, whose logger keeps what it says. */
async function startedBus(transport: InMemoryTransport, extension: MessagingExtension) {
  const logger = recordingLogger();
  const messaging = createMessaging({
    service: 'closing',
    transport,
    logger,
    shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
  });
  buses.push(messaging);
  messaging.extend(extension);
  messaging.endpoint('tickets').on(TicketCreated, () => {});
  await messaging.start();
  return { messaging, transport, logger };
}

const busWith = (extension: MessagingExtension) => startedBus(createInMemoryTransport(), extension);

it('an extension that never finishes stopping does not hold stop() either, and the transport still closes', async () => {
  const { messaging, transport, logger } = await busWith({ stop: never });

  await messaging.stop();

  expect(messaging.state).toBe('stopped');
  expect(transport.health().status).toBe('closed');
  expect(logger.entries).toContainEqual({
    level: 'warn',
    fields: { service: 'closing', timeoutMs: SHUTDOWN_TIMEOUT_MS },
    message: 'An extension did not stop within the shutdown timeout; not waiting for it',
  });
});

it('an extension whose stop throws at once is logged, and the bus still stops', async () => {
  const failure = new Error('exporter gone');
  const { messaging, transport, logger } = await busWith({
    stop: () => {
      throw failure;
    },
  });

  await messaging.stop();

  expect(messaging.state).toBe('stopped');
  expect(transport.health().status).toBe('closed');
  expect(logger.entries).toContainEqual({
    level: 'error',
    fields: { service: 'closing', err: failure },
    message: 'Extension failed to stop cleanly',
  });
});
