import { Observable, share } from 'rxjs';
import type { Messaging } from '../bus/messaging.js';
import type { BusEvent } from '../observability/bus-events.js';

/**
 * The bus's events as a hot Observable. All subscribers share one bus listener, added when the first subscribes
 * and removed when the last leaves, so an idle dashboard costs the bus nothing.
 */
export function observeBus(messaging: Pick<Messaging, 'onEvent'>): Observable<BusEvent> {
  return new Observable<BusEvent>((subscriber) => messaging.onEvent((event) => subscriber.next(event))).pipe(
    share(),
  );
}
