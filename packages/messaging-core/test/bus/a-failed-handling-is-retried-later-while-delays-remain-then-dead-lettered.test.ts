import { afterEach, expect, it } from 'vitest';
import { createTestHarness } from '../../src/entries/testing.js';
import { createInMemoryTransport, createMessaging, type Messaging } from '../../src/index.js';
import { recordingLogger } from '../support/recording-logger.js';
import { recordingMeter, total } from '../support/recording-meter.js';
import { spyOnSettlements } from '../support/spy-on-settlements.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

it('a failed handling is retried later while delays remain, then dead-lettered: what the broker, the log and the metrics get', async () => {
  const transport = createInMemoryTransport();
  const settlements = spyOnSettlements(transport);
  const logger = recordingLogger();
  const { meter, measurements } = recordingMeter();
  const bus = createMessaging({
    service: 'failing',
    transport,
    logger,
    telemetry: { meter },
    retry: { immediate: 0, delays: [30, 60] },
  });
  buses.push(bus);
  const failure = new TypeError('printer on fire');
  bus.endpoint('printing', { concurrency: 1 }).on(TicketCreated, () => {
    throw failure;
  });
  const harness = createTestHarness(bus);
  await bus.start();
  await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer' }, { id: 'm-1' });
  await harness.deadLettered(TicketCreated);

  const details = (attempts: number) => ({
    reason: 'TypeError',
    message: 'printer on fire',
    stack: failure.stack,
    endpoint: 'printing',
    attempts,
  });
  expect(settlements).toEqual([
    { verb: 'retryLater', messageId: 'm-1', delayMs: 30, failure: details(1) },
    { verb: 'retryLater', messageId: 'm-1', delayMs: 60, failure: details(2) },
    { verb: 'deadLetter', messageId: 'm-1', failure: details(3) },
  ]);

  const base = { endpoint: 'printing', type: TicketCreated.type, messageId: 'm-1' };
  expect(harness.events.filter((event) => event.kind !== 'published')).toEqual([
    { kind: 'failed', ...base, attempt: 1, error: failure, willRetry: 'later', durationMs: 0 },
    {
      kind: 'retry-scheduled',
      ...base,
      attempt: 1,
      delayMs: 30,
      error: failure,
      durationMs: expect.any(Number),
    },
    { kind: 'failed', ...base, attempt: 2, error: failure, willRetry: 'later', durationMs: 0 },
    {
      kind: 'retry-scheduled',
      ...base,
      attempt: 2,
      delayMs: 60,
      error: failure,
      durationMs: expect.any(Number),
    },
    { kind: 'failed', ...base, attempt: 3, error: failure, willRetry: 'no', durationMs: 0 },
    { kind: 'dead-lettered', ...base, attempt: 3, error: failure, durationMs: expect.any(Number) },
  ]);

  expect(logger.entries.filter((entry) => entry.level === 'warn' || entry.level === 'error')).toEqual([
    {
      level: 'warn',
      message: 'Handling failed; delayed retry scheduled',
      fields: { ...base, delayMs: 30, attempt: 1, err: failure },
    },
    {
      level: 'warn',
      message: 'Handling failed; delayed retry scheduled',
      fields: { ...base, delayMs: 60, attempt: 2, err: failure },
    },
    { level: 'error', message: 'Message dead-lettered', fields: { ...base, attempt: 3, err: failure } },
  ]);

  expect(total(measurements, 'pragmatic_messaging.failed.attempts')).toBe(3);
  expect(
    measurements.find((measurement) => measurement.instrument === 'pragmatic_messaging.failed.attempts')
      ?.attributes,
  ).toEqual({
    'messaging.consumer.group.name': 'printing',
    'pragmatic_messaging.message.type': TicketCreated.type,
    'error.type': 'TypeError',
  });
  expect(total(measurements, 'pragmatic_messaging.retried.messages')).toBe(2);
  expect(total(measurements, 'pragmatic_messaging.dead_lettered.messages')).toBe(1);
});
