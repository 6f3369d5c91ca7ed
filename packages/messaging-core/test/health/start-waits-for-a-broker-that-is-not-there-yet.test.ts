import { afterEach, expect, it } from 'vitest';
import {
  BrokerUnavailableError,
  ConfigurationError,
  createInMemoryTransport,
  createMessaging,
  LifecycleError,
  type Messaging,
} from '../../src/index.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

/** An in-memory transport whose broker refuses connections until `up()` (or throws `error` each time). */
function brokerNotUpYet(error: () => Error = () => new BrokerUnavailableError('connect ECONNREFUSED')) {
  const transport = createInMemoryTransport();
  const connect = transport.connect.bind(transport);
  let attempts = 0;
  let isUp = false;
  transport.connect = () => {
    attempts++;
    return isUp ? connect() : Promise.reject(error());
  };
  return {
    transport,
    attempts: () => attempts,
    up: () => {
      isUp = true;
    },
  };
}

function busOn(transport: ReturnType<typeof createInMemoryTransport>, startTimeoutMs?: number) {
  const messaging = createMessaging({ service: 'early', transport, startTimeoutMs });
  messaging.endpoint('tickets').on(TicketCreated, () => {});
  buses.push(messaging);
  return messaging;
}

it('start waits for a broker that is not there yet, saying so in health, and starts once it is', async () => {
  const broker = brokerNotUpYet();
  const messaging = busOn(broker.transport);
  const waiter = new ConditionWaiter();
  const poll = setInterval(() => waiter.changed(), 5);
  try {
    const started = messaging.start();
    await waiter.until(() => broker.attempts() >= 2, 'two connection attempts', 5_000);
    expect(messaging.health()).toMatchObject({
      live: true,
      ready: false,
      state: 'starting',
      starting: { step: 'connect to the broker', lastError: 'connect ECONNREFUSED' },
    });
    expect(messaging.health().reasons[0]).toMatch(
      /^starting: could not connect to the broker \(\d+ attempt\(s\), retrying\): connect ECONNREFUSED$/,
    );

    broker.up();
    await started;
    expect(messaging.health()).toMatchObject({ ready: true, state: 'started', starting: undefined });
  } finally {
    clearInterval(poll);
  }
});

it('an error retrying cannot fix fails start at once', async () => {
  const broker = brokerNotUpYet(() => new ConfigurationError('ACCESS_REFUSED: wrong credentials'));
  const messaging = busOn(broker.transport);
  await expect(messaging.start()).rejects.toThrow('ACCESS_REFUSED');
  expect(broker.attempts()).toBe(1);
  expect(messaging.state).toBe('stopped');
});

it('start gives up with the last error after startTimeoutMs', async () => {
  const broker = brokerNotUpYet();
  const messaging = busOn(broker.transport, 300);
  const before = Date.now();
  await expect(messaging.start()).rejects.toThrow(BrokerUnavailableError);
  expect(Date.now() - before).toBeLessThan(2_000);
  expect(broker.attempts()).toBeGreaterThan(1);
  expect(messaging.state).toBe('stopped');
});

it('stop ends the wait for the broker', async () => {
  const broker = brokerNotUpYet();
  const messaging = busOn(broker.transport, Number.POSITIVE_INFINITY);
  const started = messaging.start();
  const waiter = new ConditionWaiter();
  const poll = setInterval(() => waiter.changed(), 5);
  try {
    await waiter.until(() => broker.attempts() >= 1, 'a first attempt', 2_000);
  } finally {
    clearInterval(poll);
  }
  const before = Date.now();
  await messaging.stop();
  expect(Date.now() - before).toBeLessThan(1_000);
  await expect(started).rejects.toThrow(LifecycleError);
  expect(messaging.state).toBe('stopped');
});
