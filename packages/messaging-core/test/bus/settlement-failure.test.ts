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
import { refuseSettlements } from '../support/refuse-settlements.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

/** A bus whose broker refuses `verb` once, handling TicketCreated with `handler`; returns its events. */
async function busRefusing(verb: SettlementVerb, handler: () => void) {
  const transport = createInMemoryTransport();
  refuseSettlements(transport, verb, 1);
  const bus = createMessaging({ service: 'refused', transport, retry: { immediate: 0, delays: [50] } });
  buses.push(bus);
  bus.endpoint('worker', { concurrency: 1 }).on(TicketCreated, handler);
  const events: BusEvent[] = [];
  const waiter = new ConditionWaiter();
  bus.onEvent((event) => {
    events.push(event);
    waiter.changed();
  });
  await bus.start();
  await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer on fire' });
  return { events, waiter };
}

const kinds = (events: readonly BusEvent[]) =>
  events.map((event) =>
    event.kind === 'settlement-failed' ? `settlement-failed(${event.verb})` : event.kind,
  );

const OUTCOMES = new Set(['handled', 'retry-scheduled', 'dead-lettered', 'settlement-failed']);

/** The events up to the delivery's outcome, and whatever the pipeline emits right after it. */
async function untilOutcome({ events, waiter }: Awaited<ReturnType<typeof busRefusing>>) {
  await waiter.until(() => events.some((event) => OUTCOMES.has(event.kind)), 'an outcome', 5_000);
  await new Promise((resolve) => setImmediate(resolve));
  return kinds(events);
}

describe('a settlement the broker refuses', () => {
  it('is reported as settlement-failed with the error, not as handled', async () => {
    const bus = await busRefusing('ack', () => {});

    expect(await untilOutcome(bus)).toEqual(['published', 'settlement-failed(ack)']);
    const failed = bus.events.find((event) => event.kind === 'settlement-failed');
    expect(failed).toMatchObject({ endpoint: 'worker', attempt: 1, type: TicketCreated.type });
    expect((failed as { error: Error }).error.message).toContain('refused ack');
  });

  it('is reported as settlement-failed, not as retry-scheduled', async () => {
    const bus = await busRefusing('retryLater', () => {
      throw new Error('the handler failed');
    });

    expect(await untilOutcome(bus)).toEqual(['published', 'failed', 'settlement-failed(retryLater)']);
  });

  it('is reported as settlement-failed, not as dead-lettered', async () => {
    const bus = await busRefusing('deadLetter', () => {
      throw new NonRetryableError('never valid');
    });

    expect(await untilOutcome(bus)).toEqual(['published', 'failed', 'settlement-failed(deadLetter)']);
  });
});
