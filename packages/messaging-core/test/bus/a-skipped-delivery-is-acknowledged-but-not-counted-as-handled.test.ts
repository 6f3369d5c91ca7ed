import { afterEach, expect, it } from 'vitest';
import { createTestHarness } from '../../src/entries/testing.js';
import {
  createInMemoryTransport,
  createMemoryStore,
  createMessaging,
  Headers,
  type Messaging,
  type TransportMessage,
} from '../../src/index.js';
import { recordingMeter, total } from '../support/recording-meter.js';
import { spyOnSettlements } from '../support/spy-on-settlements.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

it('a skipped delivery (a duplicate) is acknowledged but not counted as handled; every delivery’s time is recorded in seconds', async () => {
  const transport = createInMemoryTransport();
  const settlements = spyOnSettlements(transport);
  const { meter, measurements } = recordingMeter();
  const bus = createMessaging({
    service: 'dedup',
    transport,
    store: createMemoryStore(),
    telemetry: { meter },
  });
  buses.push(bus);
  bus.endpoint('ticket-log', { concurrency: 1 }).on(TicketCreated, async () => {
    await new Promise((resolve) => setTimeout(resolve, 30));
  });
  const harness = createTestHarness(bus);
  await bus.start();
  const envelope: TransportMessage = {
    id: 'm-1',
    type: TicketCreated.type,
    topic: TicketCreated.topic,
    key: 'T-1',
    headers: { [Headers.contentType]: 'application/json', [Headers.attempt]: '1' },
    body: new TextEncoder().encode(JSON.stringify({ ticketId: 'T-1', title: 'Twice' })),
    timestamp: Date.now(),
  };
  await transport.send([envelope]);
  await harness.handled(TicketCreated);
  await transport.send([envelope]);
  await harness.waitForEvent('skipped');

  expect(settlements.map((settlement) => settlement.verb)).toEqual(['ack', 'ack']);
  expect(total(measurements, 'pragmatic_messaging.handled.messages')).toBe(1);
  const durations = measurements.filter(
    (measurement) => measurement.instrument === 'messaging.process.duration',
  );
  expect(durations).toHaveLength(2);
  // The handled delivery took its handler's 30 ms: 0.03 s, not 30 (ms) nor 30 000.
  expect(durations[0]!.value).toBeGreaterThanOrEqual(0.025);
  expect(durations[0]!.value).toBeLessThan(5);
});
