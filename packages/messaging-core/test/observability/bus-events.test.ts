import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../src/index.js';
import { BusEvents } from '../../src/observability/bus-events.js';

const handled = (messageId: string, kind: 'handled' | 'skipped' = 'handled'): BusEvent => ({
  ...(kind === 'skipped' ? { kind, reason: 'duplicate' } : { kind }),
  endpoint: 'worker',
  type: 'tickets.ticket-created',
  messageId,
  attempt: 1,
  durationMs: 1,
});
const published = (messageId: string): BusEvent => ({
  kind: 'published',
  type: 'tickets.ticket-created',
  messageId,
  topic: 'tickets',
  message: {},
});

function recorded() {
  const events = new BusEvents();
  const seen: string[] = [];
  events.subscribe((event) => seen.push(`${event.kind} ${event.messageId}`));
  return { events, seen };
}

describe('BusEvents', () => {
  it('holds the consume events of a message being published until its publish ends, in their order', () => {
    const { events, seen } = recorded();
    events.holdFor('m-1');
    events.emit(handled('m-1'));
    events.emit(handled('m-1', 'skipped'));
    expect(seen).toEqual([]);

    events.emit(published('m-1'));
    events.release('m-1');
    expect(seen).toEqual(['published m-1', 'handled m-1', 'skipped m-1']);

    events.emit(handled('m-1'));
    expect(seen.at(-1), 'nothing is held once the publish ended').toBe('handled m-1');
  });

  it('lets the events of other messages through at once', () => {
    const { events, seen } = recorded();
    events.holdFor('m-1');
    events.emit(handled('m-2'));
    expect(seen).toEqual(['handled m-2']);
  });

  it('holds until the last of several publishes of one id ends', () => {
    const { events, seen } = recorded();
    events.holdFor('m-1');
    events.holdFor('m-1');
    events.emit(handled('m-1'));
    events.release('m-1');
    expect(seen).toEqual([]);
    events.release('m-1');
    expect(seen).toEqual(['handled m-1']);
  });

  it('ignores a release without a hold, and a throwing listener breaks neither emitting nor releasing', () => {
    const { events, seen } = recorded();
    events.release('never-held');
    events.subscribe(() => {
      throw new Error('broken dashboard');
    });
    events.holdFor('m-1');
    events.emit(handled('m-1'));
    expect(() => events.release('m-1')).not.toThrow();
    expect(seen).toEqual(['handled m-1']);
  });
});
