import { randomUUID } from 'node:crypto';
import type { Publish } from '@pragmatic-messaging/core';
import { spreadTicketKey } from '../../contracts/ticket-event-key.js';
import type { ServiceContext } from '../../runtime/service-module.js';

/**
 * How the tickets service publishes ticket events. With partitioning on they keep the contracts' key, the ticket
 * id, so a partitioned consumer (SLA) gets each ticket's events in order, one at a time. With it off every event
 * gets a key of its own (see ticket-event-key.ts): one ticket's events spread over the partitions and are handled
 * concurrently — what partitioning protects against. The broker resources stay the same either way, so the
 * switch applies at run time on every broker.
 */
export function ticketEventPublisher(context: ServiceContext): Publish {
  const { messaging } = context;
  if (context.features.partitioning) {
    return (contract, message, options) => messaging.publish(contract, message, options);
  }
  return (contract, message, options) => {
    const id = options?.id ?? randomUUID();
    const ticketId = contract.key?.(message as never) ?? id;
    return messaging.publish(contract, message, { ...options, id, key: spreadTicketKey(ticketId, id) });
  };
}
