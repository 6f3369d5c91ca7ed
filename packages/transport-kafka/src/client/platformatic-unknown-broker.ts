import { type Broker, type Connection, type ConnectionPool, NetworkError } from '@platformatic/kafka';

type PoolGet = (broker: Broker, callback?: (error: Error | null, connection?: Connection) => void) => unknown;

/**
 * @platformatic/kafka 1.35 looks brokers up by node id in its metadata and hands what it found to a connection
 * pool without checking it. A node the metadata does not list (a broker that left the cluster, or the -1 of "no
 * group coordinator yet" while a broker reloads its groups) becomes `undefined`, and the pool reads its `host`: a
 * TypeError thrown from a callback, which crashes the process. Seen from the consumer's group requests and from
 * the admin's `deleteGroups` (a temporary endpoint's group, deleted at shutdown right after a broker restart).
 * So every pool of the transport's clients refuses such a broker with a retriable NetworkError that asks for fresh
 * metadata (what 2.x does), and `refused` hears of it.
 */
export function refuseUnknownBrokers(pool: ConnectionPool, refused?: (error: NetworkError) => void): void {
  const open = pool as unknown as { get: PoolGet };
  const get = open.get.bind(open);
  open.get = (broker, callback) => {
    if (broker?.host != null && broker.port != null) return get(broker, callback);
    const error = new NetworkError(
      'The broker asked for is not in the cluster metadata (it left the cluster, or no broker coordinates the group yet)',
      {
        canRetry: true,
        hasStaleMetadata: true,
      },
    );
    refused?.(error);
    if (callback) {
      callback(error);
      return undefined;
    }
    return Promise.reject(error);
  };
}
