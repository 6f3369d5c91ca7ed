import { filter, type OperatorFunction } from 'rxjs';
import type { BusEvent } from '../observability/bus-events.js';

export type BusEventKind = BusEvent['kind'];
export type BusEventOf<Kind extends BusEventKind> = Extract<BusEvent, { kind: Kind }>;

/** Keeps events of the given kinds, narrowing their type: `ofKind('failed', 'dead-lettered')`. */
export function ofKind<Kinds extends BusEventKind[]>(
  ...kinds: Kinds
): OperatorFunction<BusEvent, BusEventOf<Kinds[number]>> {
  return filter((event): event is BusEventOf<Kinds[number]> => kinds.includes(event.kind));
}
