import { afterEach, expect, it } from 'vitest';
import { createInMemoryTransport, createMessaging, type Messaging } from '../../src/index.js';
import { recordingMeter, total } from '../support/recording-meter.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

// Without a tracer and a meter the produce pipeline skips its telemetry step; a meter alone must not be skipped.
it('publishes are counted and timed in seconds with a meter and no tracer, a refused one with its error.type', async () => {
  const { meter, measurements } = recordingMeter();
  const bus = createMessaging({
    service: 'metered',
    transport: createInMemoryTransport(),
    telemetry: { meter },
    middleware: {
      produce: [
        (context, next) => {
          if (context.key === 'T-refused') throw new TypeError('refused by a test middleware');
          return next();
        },
      ],
    },
  });
  buses.push(bus);
  bus.endpoint('ticket-log').on(TicketCreated, async () => {});
  await bus.start();
  const started = performance.now();
  await bus.publish(TicketCreated, { ticketId: 'T-1', title: 'one' }, { key: 'T-1' });
  await bus.publish(TicketCreated, { ticketId: 'T-2', title: 'two' }, { key: 'T-2' });
  await expect(
    bus.publish(TicketCreated, { ticketId: 'T-3', title: 'three' }, { key: 'T-refused' }),
  ).rejects.toThrow('refused by a test middleware');
  const elapsedSeconds = (performance.now() - started) / 1000;

  expect(total(measurements, 'messaging.client.sent.messages')).toBe(3);
  const durations = measurements.filter(
    (measurement) => measurement.instrument === 'messaging.client.operation.duration',
  );
  expect(durations).toHaveLength(3);
  for (const { value } of durations) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(elapsedSeconds);
  }
  const refused = measurements.filter(
    (measurement) =>
      measurement.instrument === 'messaging.client.sent.messages' &&
      measurement.attributes?.['error.type'] !== undefined,
  );
  expect(refused.map((measurement) => measurement.attributes?.['error.type'])).toEqual(['TypeError']);
});
