/**
 * The anomalies every broker leg runs: the ones whose effect goes through the broker's own mechanics (connection
 * recovery, redelivery, delayed redelivery and per-key order, duplicates the inbox must catch, retries into the
 * dead-letter queue, a publish that escapes a rolled-back transaction). The rest act inside the bus and the
 * database the same way on every transport; the in-memory leg runs all of them.
 */
export const BROKER_SLICE = [
  'ConnectionDrop',
  'CrashBeforeAck',
  'DuplicateDelivery',
  'Reorder',
  'ConsumerErrorBeforeHandler',
  'ProducerErrorWithinTransaction',
] as const;
