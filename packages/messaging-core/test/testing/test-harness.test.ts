import {
  createTestHarness,
  createTestMessaging,
  type RecordedMessage,
  testRetryPolicy,
} from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { InMemoryBroker, LifecycleError, Messaging } from '../../src/index.js';
import { TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function testBus(...args: Parameters<typeof createTestMessaging>) {
  const bus = createTestMessaging(...args);
  buses.push(bus);
  return bus;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('createTestHarness', () => {
  it('records published inputs and handled outputs with typed bodies, including publishes from handlers', async () => {
    const bus = testBus();
    bus
      .endpoint('desk')
      .on(TicketCreated, (ticket, context) =>
        context.publish(TicketAssigned, { ticketId: ticket.ticketId, agent: 'ada' }),
      )
      .on(TicketAssigned, () => {});
    const harness = createTestHarness(bus);
    await bus.start();
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'Printer' }, { id: 'fixed-id' });

    const [assigned] = await harness.handled(TicketAssigned);
    expect(assigned!.message).toEqual({ ticketId: 't-1', agent: 'ada' });
    const [created] = await harness.published(TicketCreated);
    expectTypeOf(created!).toEqualTypeOf<
      RecordedMessage<{ ticketId: string; title: string; priority?: 'low' | 'high' | undefined }>
    >();
    expect(created).toMatchObject({ kind: 'published', messageId: 'fixed-id', endpoint: undefined });
    // Published: what the caller passed. Handled: the schema's output, defaults applied.
    expect(created!.message).toEqual({ ticketId: 't-1', title: 'Printer' });
    // The follow-up can be handled before the first handling is acknowledged: await each outcome you assert on.
    const [handledTicket] = await harness.handled(TicketCreated);
    expectTypeOf(handledTicket!.message.priority).toEqualTypeOf<'low' | 'high'>();
    expect(handledTicket).toMatchObject({
      endpoint: 'desk',
      messageId: 'fixed-id',
      message: { priority: 'low' },
    });
    expect((await harness.published(TicketAssigned))[0]!.message).toEqual({ ticketId: 't-1', agent: 'ada' });
  });

  it('resolves when the awaited message is handled later, with count and filter', async () => {
    const bus = testBus();
    const gate = deferred();
    bus.endpoint('desk').on(TicketCreated, async (ticket) => {
      if (ticket.ticketId === 't-2') await gate.promise;
    });
    const harness = createTestHarness(bus);
    await bus.start();
    for (const ticketId of ['t-1', 't-2', 't-3'])
      await bus.publish(TicketCreated, { ticketId, title: ticketId });

    let resolved = false;
    const waiting = harness
      .handled(TicketCreated, { count: 1, where: (ticket) => ticket.ticketId === 't-2' })
      .then((records) => {
        resolved = true;
        return records;
      });
    await harness.handled(TicketCreated, { count: 2 });
    expect(resolved, 't-2 is still held by its handler').toBe(false);
    gate.resolve();
    const [record] = await waiting;
    expect(record!.message.ticketId).toBe('t-2');
    expect(await harness.handled(TicketCreated, { count: 3 })).toHaveLength(3);
  });

  it('rejects on timeout, saying what it waited for and what it saw', async () => {
    const bus = testBus({ retry: { immediate: 0, delays: [] } });
    bus.endpoint('desk').on(TicketCreated, () => {
      throw new Error('printer on fire');
    });
    const harness = createTestHarness(bus, { timeoutMs: 100 });
    await bus.start();
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'x' });
    await harness.deadLettered(TicketCreated);
    await expect(harness.handled(TicketCreated, { where: () => true })).rejects.toThrow(
      'Timed out after 100ms waiting until 1 "tickets.ticket-created" message(s) handled matching the filter (observed: "tickets.ticket-created": 1 published, 0 handled, 0 skipped, 1 failed, 0 retry-scheduled, 1 dead-lettered; last error: Error: printer on fire; 3 bus event(s) in total)',
    );
  });

  it('records dead letters and failed tries with the validated message and the error', async () => {
    const bus = testBus({ retry: { immediate: 1, delays: [5] } });
    bus.endpoint('desk').on(TicketCreated, (ticket) => {
      throw new Error(`cannot handle ${ticket.ticketId}`);
    });
    const harness = createTestHarness(bus);
    await bus.start();
    await bus.publish(TicketCreated, { ticketId: 't-9', title: 'x', priority: 'high' });
    const [letter] = await harness.deadLettered(TicketCreated);
    expect(letter!.message).toEqual({ ticketId: 't-9', title: 'x', priority: 'high' });
    expect(letter!.error).toEqual(new Error('cannot handle t-9'));
    expect(letter!.event).toMatchObject({ attempt: 2 });
    const failed = await harness.failed(TicketCreated, { count: 4 });
    expect(failed.map((entry) => entry.message?.ticketId)).toEqual(['t-9', 't-9', 't-9', 't-9']);
    expect(harness.recorded('retry-scheduled', TicketCreated)).toHaveLength(1);
  });

  it('reports a throwing filter instead of timing out', async () => {
    const bus = testBus();
    bus.endpoint('desk').on(TicketCreated, () => {});
    const harness = createTestHarness(bus, { timeoutMs: 1_000 });
    await bus.start();
    const waiting = harness.handled(TicketCreated, {
      where: () => {
        throw new Error('broken filter');
      },
    });
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'x' });
    await expect(waiting).rejects.toThrow('broken filter');
  });

  it('waits for any event kind, for types no contract describes', async () => {
    const bus = testBus();
    bus.endpoint('desk').on(TicketCreated, () => {});
    const harness = createTestHarness(bus, { timeoutMs: 100 });
    await bus.start();
    await expect(harness.waitForEvent('dead-lettered')).rejects.toThrow(
      'Timed out after 100ms waiting until a "dead-lettered" event (observed: 0 bus event(s): none)',
    );
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'x' });
    const handled = await harness.waitForEvent('handled', { where: (event) => event.endpoint === 'desk' });
    expect(handled.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('must be created before start, and rejects a count below 1', async () => {
    const bus = testBus();
    bus.endpoint('desk').on(TicketCreated, () => {});
    const harness = createTestHarness(bus);
    await expect(harness.handled(TicketCreated, { count: 0 })).rejects.toThrow(
      'count must be a whole number ≥ 1, got 0',
    );
    await bus.start();
    expect(() => createTestHarness(bus)).toThrow(LifecycleError);
    expect(() => createTestHarness(bus)).toThrow(
      'createTestHarness(messaging) must be called before start(); bus "test-service" is started',
    );
  });

  it('clears between phases and, once disposed, stops recording; it never replaces the bus’s publish', async () => {
    const bus = testBus();
    bus.endpoint('desk').on(TicketCreated, () => {});
    const harness = createTestHarness(bus);
    expect(bus.publish).toBe(Messaging.prototype.publish);
    await bus.start();
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'x' });
    await harness.handled(TicketCreated);
    harness.clear();
    expect(harness.events).toEqual([]);
    expect(harness.recorded('handled')).toEqual([]);

    harness.dispose();
    await bus.publish(TicketCreated, { ticketId: 't-2', title: 'x' });
    expect(harness.events).toEqual([]);
  });
});

describe('createTestMessaging', () => {
  it('uses the in-memory transport and fast retries, each part overridable', () => {
    const bus = testBus({ retry: { immediate: 0 } });
    bus.endpoint('desk').on(TicketCreated, () => {});
    expect(bus.transport.name).toBe('memory');
    expect(bus.service).toBe('test-service');
    expect(bus.recoveryPlans()[0]).toMatchObject({
      immediateRetries: 0,
      delayedRetries: testRetryPolicy.delays,
    });
    expect(testRetryPolicy.delays.every((delay) => delay <= 50)).toBe(true);
  });

  it('connects several services through a shared broker', async () => {
    const broker = new InMemoryBroker();
    const desk = testBus({ service: 'desk', broker });
    const audit = testBus({ service: 'audit', broker });
    audit.endpoint('audit').on(TicketCreated, () => {});
    const harness = createTestHarness(audit);
    await audit.start();
    await desk.start();
    await desk.publish(TicketCreated, { ticketId: 't-1', title: 'from desk' });
    const [handled] = await harness.handled(TicketCreated);
    expect(handled!.message.title).toBe('from desk');
  });
});
