import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  computeRecoveryPlan,
  createInMemoryTransport,
  createMessaging,
  describeRecoveryPlan,
  type Messaging,
  type MessagingOptions,
} from '../../src/index.js';
import { TicketCreated } from '../support/ticket-contracts.js';
import { withCapabilities } from '../support/with-capabilities.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function bus(options: Partial<Omit<MessagingOptions, 'transport'>> = {}, maxDelayMs?: number) {
  const transport = createInMemoryTransport();
  if (maxDelayMs !== undefined) withCapabilities(transport, { maxDelayMs });
  const messaging = createMessaging({ service: 'planner', transport, ...options });
  buses.push(messaging);
  return messaging;
}

describe('recovery plan', () => {
  it('prints how an endpoint retries, where dead letters go and how order is kept', () => {
    const messaging = bus({ retry: { immediate: 2, delays: [1_000, 5_000] } });
    messaging.endpoint('ordered-tickets', { partitions: 4 }).on(TicketCreated, () => {});
    const [plan] = messaging.recoveryPlans();
    expect(plan).toMatchObject({
      endpoint: 'ordered-tickets',
      transport: 'memory',
      maxDeliveries: 3,
      maxHandlerRuns: 9,
      retryHorizonMs: 6_000,
    });
    expect(describeRecoveryPlan(plan!)).toBe(
      [
        'Endpoint ordered-tickets on memory:',
        '  immediate retries: 2 per delivery, in-process, no delay',
        '  delayed retries:   1000ms → 5000ms (timer in the broker process)',
        '  attempts:          counted in the "attempt" header (survives restarts); at most 3 deliveries, 9 handler runs',
        '  then:              an in-memory dead-letter queue per endpoint, failure in the failure-* headers',
        '  never retried:     undecodable bodies, schema violations, NonRetryableError → dead letter at once',
        '  ordering:          per key, 4 partition(s) via in-process; a delayed retry leaves the partition, so later messages of its key may overtake it',
        '  deduplication:     off',
      ].join('\n'),
    );
  });

  it('says "none" for delayed retries and shows the inbox retention when an inbox is on', () => {
    const messaging = bus({ retry: { immediate: 0, delays: [] } });
    messaging.endpoint('plain').on(TicketCreated, () => {});
    messaging.extend({ inboxRetentionMs: 60_000 });
    const text = describeRecoveryPlan(messaging.recoveryPlans()[0]!);
    expect(text).toContain('  delayed retries:   none');
    expect(text).toContain('  ordering:          none (competing consumers)');
    expect(text).toContain('  deduplication:     inbox remembers ids for 60000ms (retry horizon 0ms)');
  });

  it('rejects at start a delay longer than the transport supports, naming endpoint and transport', async () => {
    const messaging = bus({ retry: { delays: [500, 120_000] } }, 60_000);
    messaging.endpoint('slow-retries').on(TicketCreated, () => {});
    const starting = messaging.start();
    await expect(starting).rejects.toBeInstanceOf(ConfigurationError);
    await expect(starting).rejects.toThrow(
      'Endpoint "slow-retries": retry delay 120000ms exceeds what transport "memory" supports (60000ms)',
    );
    expect(messaging.state).toBe('stopped');
  });

  it.each([
    [1_000, 'shorter than'],
    [1_500, 'equal to'],
  ])('rejects at start an inbox retention of %ims (%s the retry horizon)', async (retention) => {
    const messaging = bus({ retry: { delays: [500, 1_000] } });
    messaging.endpoint('deduplicated').on(TicketCreated, () => {});
    messaging.extend({ inboxRetentionMs: retention });
    await expect(messaging.start()).rejects.toThrow(
      `Endpoint "deduplicated": the inbox forgets processed ids after ${retention}ms, but a retry may still arrive 1500ms after the first failure`,
    );
  });

  it('rejects at start a prefetch smaller than the concurrency', async () => {
    const messaging = bus();
    messaging.endpoint('starved', { concurrency: 8, prefetch: 4 }).on(TicketCreated, () => {});
    await expect(messaging.start()).rejects.toThrow(
      'Endpoint "starved": prefetch (4) must be a whole number ≥ concurrency (8)',
    );
  });

  it('rejects at start an endpoint without handlers', async () => {
    const messaging = bus();
    messaging.endpoint('empty');
    await expect(messaging.start()).rejects.toThrow(
      'Endpoint "empty" has no handlers; add one with .on(Contract, handler)',
    );
    expect(messaging.state).toBe('stopped');
  });

  it.each([
    [{ immediate: -1 }, /retry\.immediate must be a whole number from 0 to 100, got -1/],
    [{ immediate: 1.5 }, /retry\.immediate must be a whole number from 0 to 100, got 1\.5/],
    [{ delays: [100, -5] }, /retry\.delays must be whole numbers of milliseconds ≥ 0, got -5/],
  ])('rejects an impossible retry policy %o, naming the endpoint', (retry, message) => {
    const messaging = bus();
    messaging.endpoint('odd', { retry }).on(TicketCreated, () => {});
    expect(() => messaging.recoveryPlans()).toThrow(message);
    expect(() => messaging.recoveryPlans()).toThrow(/Endpoint "odd"/);
  });

  it('rejects partitions outside 1..1000', () => {
    const messaging = bus();
    messaging.endpoint('too-many', { partitions: 1_001 }).on(TicketCreated, () => {});
    expect(() => messaging.recoveryPlans()).toThrow(
      'Endpoint "too-many": partitions must be a whole number from 1 to 1000',
    );
  });

  it('is computable without a bus, from topology, policy and capabilities', () => {
    const transport = createInMemoryTransport();
    const plan = computeRecoveryPlan(
      {
        name: 'direct',
        service: 's',
        subscriptions: [],
        retryDelays: [10],
        concurrency: 1,
        prefetch: 1,
        temporary: false,
      },
      { immediate: 0, delays: [10] },
      transport,
    );
    expect(plan).toMatchObject({ maxDeliveries: 2, maxHandlerRuns: 2, retryHorizonMs: 10 });
  });
});
