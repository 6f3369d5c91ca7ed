import { type Consumer, NetworkError } from '@platformatic/kafka';
import { findInError, hasProtocolError } from './platformatic-error.js';
import { refuseUnknownBrokers } from './platformatic-unknown-broker.js';

/**
 * @platformatic/kafka 1.35 looks a group's coordinator up once per `Consumer` and keeps that node for the
 * consumer's life (2.x forgets it after a network or NOT_COORDINATOR error, but needs Node 22). When the
 * coordinator leaves a cluster, two things go wrong:
 * - every group request (heartbeat, commit, join, leave) looks the remembered node up in metadata that no longer
 *   lists it, and the connection pool reads `host` of undefined: a TypeError thrown from a callback, which
 *   crashes the process;
 * - once the node is back, it answers NOT_COORDINATOR for good, since the group moved to another broker.
 *
 * So the consumer's pool refuses a broker the metadata does not list (refuseUnknownBrokers), and `lost` hears of a
 * group request that found its coordinator gone. The member then reports a crash, and the
 * endpoint consumer replaces it with a new `Consumer`, which finds the group's new coordinator.
 */
export function watchCoordinator(consumer: Consumer, lost: (error: Error) => void): void {
  refuseUnknownBrokers(consumer.connections, lost);
  consumer.on('consumer:heartbeat:error', ({ error }) => {
    if (movedCoordinator(error)) {
      lost(error);
      return;
    }
    // The next group request reads fresh metadata: if the coordinator left the cluster, it is not listed there,
    // and the pool's refusal above reports it.
    if (findInError(error, 'code', NetworkError.code) !== null) consumer.clearMetadata();
  });
}

/** The broker asked is up but no longer coordinates the group (or none does yet): the remembered node is stale. */
function movedCoordinator(error: unknown): boolean {
  return (
    hasProtocolError(error, 'NOT_COORDINATOR') ||
    hasProtocolError(error, 'COORDINATOR_NOT_AVAILABLE') ||
    findInError(error, 'hasStaleMetadata', true) !== null
  );
}
