import { observeBus, ofKind } from '@pragmatic-messaging/core/rx';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestMessaging } from '../../src/entries/testing.js';
import type { BusEventListener, Messaging } from '../../src/index.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

/** A real bus whose listener registrations are counted, to see when observeBus attaches and detaches. */
function countedBus() {
  const bus = createTestMessaging({ retry: { immediate: 0, delays: [] } });
  buses.push(bus);
  const listeners = { active: 0, added: 0 };
  const source = {
    onEvent(listener: BusEventListener) {
      listeners.active++;
      listeners.added++;
      const off = bus.onEvent(listener);
      return () => {
        listeners.active--;
        off();
      };
    },
  };
  return { bus, source, listeners };
}

describe('observeBus', () => {
  it('emits the bus events, sharing one listener and removing it when the last subscriber leaves', async () => {
    const { bus, source, listeners } = countedBus();
    bus.endpoint('tickets').on(TicketCreated, (ticket) => {
      if (ticket.title === 'bad') throw new Error('bad ticket');
    });
    await bus.start();
    const events$ = observeBus(source);
    expect(listeners.added, 'nothing is attached before anyone subscribes').toBe(0);

    const firstThree = firstValueFrom(events$.pipe(take(3), toArray()));
    const failures = firstValueFrom(events$.pipe(ofKind('failed', 'dead-lettered'), take(2), toArray()));
    expect(listeners).toEqual({ active: 1, added: 1 });

    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'good' });
    await bus.publish(TicketCreated, { ticketId: 't-2', title: 'bad' });
    expect((await firstThree).map((event) => event.kind)).toEqual(['published', 'handled', 'published']);
    const [failed, deadLettered] = await failures;
    expect(failed).toMatchObject({ kind: 'failed', willRetry: 'no', endpoint: 'tickets' });
    expect(deadLettered).toMatchObject({ kind: 'dead-lettered', type: TicketCreated.type });
    expect(listeners.active, 'the bus listener is removed with the last subscriber').toBe(0);

    // A new subscriber attaches afresh.
    const next = firstValueFrom(events$);
    expect(listeners).toEqual({ active: 1, added: 2 });
    await bus.publish(TicketCreated, { ticketId: 't-3', title: 'good' });
    expect((await next).kind).toBe('published');
    expect(listeners.active).toBe(0);
  });

  it('narrows the event type with ofKind', async () => {
    const { bus, source } = countedBus();
    bus.endpoint('tickets').on(TicketCreated, () => {});
    await bus.start();
    const handled = firstValueFrom(observeBus(source).pipe(ofKind('handled')));
    await bus.publish(TicketCreated, { ticketId: 't-1', title: 'x' });
    const event = await handled;
    // durationMs exists only on consume events: this compiles because ofKind narrowed the type.
    expect(event.durationMs).toBeGreaterThanOrEqual(0);
    expect(event.endpoint).toBe('tickets');
  });
});
