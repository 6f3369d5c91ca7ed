/**
 * The message key of a ticket event. With partitioning on it is the ticket id, so every event of one ticket lands
 * in the same partition, in order. With it off it is `<ticket id>/<event id>`: one ticket's events spread over the
 * partitions and are handled concurrently, while a consumer can still tell the ticket from the key (SLA's ordering
 * guard identifies the entity by the key).
 */
export function spreadTicketKey(ticketId: string, eventId: string): string {
  return `${ticketId}/${eventId}`;
}

/** The ticket a ticket event's key names, whichever way it was keyed. */
export function ticketIdOfKey(key: string): string {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash);
}
