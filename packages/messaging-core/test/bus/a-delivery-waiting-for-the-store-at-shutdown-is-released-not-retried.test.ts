import { afterEach, describe, expect, it } from 'vitest';
import {
  type BusEvent,
  createMemoryStore,
  createMessaging,
  InMemoryTransport,
  type Messaging,
  StoreUnavailableError,
} from '../../src/index.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';
import { recordingLogger } from '../support/recording-logger.js';
import { recordingMeter, total } from '../support/recording-meter.js';
import { refuseSettlements } from '../support/refuse-settlements.js';
import { spyOnSettlements } from '../support/spy-on-settlements.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

/** A bus whose store is down, with one delivery waiting for it; `refuseRelease` makes the broker refuse it back. */
async function deliveryWaitingForTheStore(refuseRelease = false) {
  const store = createMemoryStore();
  const refused = () => new StoreUnavailableError('PostgreSQL is unavailable: connect ECONNREFUSED');
  store.transaction = (() => Promise.reject(refused())) as typeof store.transaction;
  store.outboxBacklog = () => Promise.reject(refused());
  const transport = new InMemoryTransport();
  if (refuseRelease) refuseSettlements(transport, 'release', 1);
  const settlements = spyOnSettlements(transport);
  const logger = recordingLogger();
  const { meter, measurements } = recordingMeter();
  const bus = createMessaging({
    service: 'waiting',
    transport,
    store,
    logger,
    telemetry: { meter },
    retry: { immediate: 1, delays: [10] },
  });
  buses.push(bus);
  bus.endpoint('ticket-log', { concurrency: 1 }).on(TicketCreated, () => {});
  const events: BusEvent[] = [];
  const waiter = new ConditionWaiter();
  bus.onEvent((event) => {
    events.push(event);
    waiter.changed();
  });
  await bus.start();
  await bus.publish(TicketCreated, { ticketId: 'T-1', title: 'During the outage' }, { id: 'm-1' });
  await waiter.until(() => events.some((event) => event.kind === 'failed'), 'the delivery waits', 5_000);
  return { bus, settlements, logger, measurements, events };
}

describe('a delivery waiting for the store at shutdown', () => {
  it('is released (given back without counting an attempt), not retried nor dead-lettered, and that is logged', async () => {
    const { bus, settlements, logger, measurements, events } = await deliveryWaitingForTheStore();
    await bus.stop();
    expect(settlements).toEqual([{ verb: 'release', messageId: 'm-1' }]);
    expect(logger.entries).toContainEqual({
      level: 'info',
      fields: { endpoint: 'ticket-log', messageId: 'm-1' },
      message: 'Given back to the broker at shutdown: PostgreSQL is unavailable: connect ECONNREFUSED',
    });
    expect(events.map((event) => event.kind)).toEqual(['published', 'failed']);
    expect(total(measurements, 'pragmatic_messaging.settlement_failed.messages')).toBe(0);
  });

  it('whose release the broker refuses is reported as settlement-failed(release)', async () => {
    const { bus, measurements, events } = await deliveryWaitingForTheStore(true);
    await bus.stop();
    expect(
      events.map((event) =>
        event.kind === 'settlement-failed' ? `settlement-failed(${event.verb})` : event.kind,
      ),
    ).toEqual(['published', 'failed', 'settlement-failed(release)']);
    expect(
      measurements.find(
        (measurement) => measurement.instrument === 'pragmatic_messaging.settlement_failed.messages',
      )?.attributes,
    ).toMatchObject({ 'pragmatic_messaging.settlement.verb': 'release' });
  });
});
