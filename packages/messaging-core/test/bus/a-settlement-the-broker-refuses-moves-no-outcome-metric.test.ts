import { afterEach, describe, expect, it } from 'vitest';
import {
  type BusEvent,
  createInMemoryTransport,
  createMessaging,
  type Messaging,
  NonRetryableError,
  type SettlementVerb,
} from '../../src/index.js';
import { ConditionWaiter } from '../../src/testing/condition-waiter.js';
import { recordingLogger } from '../support/recording-logger.js';
import { recordingMeter, total } from '../support/recording-meter.js';
import { refuseSettlements } from '../support/refuse-settlements.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

const OUTCOMES = new Set(['handled', 'retry-scheduled', 'dead-lettered', 'settlement-failed']);

/**
 * One delivery of TicketCreated through `handler`, on a broker that refuses `verb` once (or nothing); resolves
 * after its outcome with the metrics, events and log of the bus.
 */
async function oneDelivery(verb: SettlementVerb | undefined, handler: () => void) {
  const transport = createInMemoryTransport();
  if (verb) refuseSettlements(transport, verb, 1);
  const { meter, measurements } = recordingMeter();
  const logger = recordingLogger();
  const bus = createMessaging({
    service: 'refused',
    transport,
    logger,
    telemetry: { meter },
    retry: { immediate: 0, delays: [50] },
  });
  buses.push(bus);
  bus.endpoint('worker', { concurrency: 1 }).on(TicketCreated, handler);
  const events: BusEvent[] = [];
  const waiter = new ConditionWaiter();
  bus.onEvent((event) => {
    events.push(event);
    waiter.changed();
  });
  await bus.start();
  await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer on fire' }, { id: 'm-1' });
  await waiter.until(() => events.some((event) => OUTCOMES.has(event.kind)), 'an outcome', 5_000);
  return { measurements, events, logger };
}

const ATTRIBUTES = {
  'messaging.system.name': 'memory',
  'messaging.consumer.group.name': 'worker',
  'messaging.operation.name': 'process',
  'messaging.destination.name': 'tickets',
  'pragmatic_messaging.message.type': TicketCreated.type,
};

const OUTCOME_METRICS = [
  'pragmatic_messaging.handled.messages',
  'pragmatic_messaging.retried.messages',
  'pragmatic_messaging.dead_lettered.messages',
  'pragmatic_messaging.settlement_failed.messages',
];

const outcomeMetrics = (measurements: Awaited<ReturnType<typeof oneDelivery>>['measurements']) =>
  Object.fromEntries(OUTCOME_METRICS.map((name) => [name, total(measurements, name)]));

describe('a settlement the broker refuses moves no outcome metric', () => {
  it.each([
    ['ack', () => {}, 'pragmatic_messaging.handled.messages'],
    [
      'retryLater',
      () => {
        throw new Error('the handler failed');
      },
      'pragmatic_messaging.retried.messages',
    ],
    [
      'deadLetter',
      () => {
        throw new NonRetryableError('never valid');
      },
      'pragmatic_messaging.dead_lettered.messages',
    ],
  ] as const)('a %s the broker takes counts once as its outcome', async (_verb, handler, metric) => {
    const { measurements } = await oneDelivery(undefined, handler);
    expect(outcomeMetrics(measurements)).toEqual({
      ...Object.fromEntries(OUTCOME_METRICS.map((name) => [name, 0])),
      [metric]: 1,
    });
    expect(measurements.find((measurement) => measurement.instrument === metric)?.attributes).toEqual(
      ATTRIBUTES,
    );
  });

  it.each([
    ['ack', () => {}],
    [
      'retryLater',
      () => {
        throw new Error('the handler failed');
      },
    ],
    [
      'deadLetter',
      () => {
        throw new NonRetryableError('never valid');
      },
    ],
  ] as const)(
    'a refused %s counts as a failed settlement, with its verb, and as nothing else',
    async (verb, handler) => {
      const { measurements, events, logger } = await oneDelivery(verb, handler);
      expect(outcomeMetrics(measurements)).toEqual({
        'pragmatic_messaging.handled.messages': 0,
        'pragmatic_messaging.retried.messages': 0,
        'pragmatic_messaging.dead_lettered.messages': 0,
        'pragmatic_messaging.settlement_failed.messages': 1,
      });
      expect(
        measurements.find(
          (measurement) => measurement.instrument === 'pragmatic_messaging.settlement_failed.messages',
        )?.attributes,
      ).toEqual({ ...ATTRIBUTES, 'pragmatic_messaging.settlement.verb': verb });

      const failed = events.find((event) => event.kind === 'settlement-failed');
      expect(failed).toMatchObject({
        kind: 'settlement-failed',
        verb,
        endpoint: 'worker',
        type: TicketCreated.type,
        messageId: 'm-1',
        attempt: 1,
        durationMs: expect.any(Number),
      });
      expect((failed as { error: Error }).error.message).toBe(`the broker refused ${verb} (connection lost)`);
      expect(events.map((event) => event.kind)).not.toContain('handled');

      const warning = logger.entries.find(
        (entry) => entry.message === 'Settlement failed; the broker will deliver the message again',
      );
      expect(warning).toEqual({
        level: 'warn',
        message: 'Settlement failed; the broker will deliver the message again',
        fields: { endpoint: 'worker', messageId: 'm-1', verb, err: (failed as { error: Error }).error },
      });
    },
  );
});
