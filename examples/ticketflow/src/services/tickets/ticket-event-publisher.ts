import { randomUUID } from 'node:crypto';
import type { Publish } from '@pragmatic-messaging/core';
import type { ReliabilityFeatures } from '../../config/reliability-profile.js';
import { spreadTicketKey } from '../../contracts/ticket-event-key.js';

/**
 * How the tickets service publishes ticket events, over the `publish` of the unit of work at hand (a handler's
 * `ctx.publish` or the `publish` of `messaging.transaction`), so every event goes through that unit's outbox
 * whatever the bus's `messageScope`. With partitioning on the events keep the contracts' key, the ticket id, so a
 * partitioned consumer (SLA) gets each ticket's events in order, one at a time. With it off every event gets a key
 * of its own (see ticket-event-key.ts): one ticket's events spread over the partitions and are handled
 * concurrently — what partitioning protects against. The broker resources stay the same either way, so the
 * switch applies at run time on every broker.
 */
export function ticketEventPublisher(features: ReliabilityFeatures, publish: Publish): Publish {
  if (features.partitioning) return publish;
  return (contract, message, options) => {
    const id = options?.id ?? randomUUID();
    const ticketId = contract.key?.(message as never) ?? id;
    return publish(contract, message, { ...options, id, key: spreadTicketKey(ticketId, id) });
  };
}
