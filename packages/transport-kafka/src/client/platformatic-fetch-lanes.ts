import type { ConnectionPool } from '@platformatic/kafka';

/**
 * The connection pools a group consumer fetches on, one fetch in flight on each. A broker answers the requests of
 * one connection in order, so on a single pool a long poll of partitions with nothing new (an endpoint's retry
 * topic, mostly) held back the fetch of every partition whose batch ended meanwhile, until the poll's
 * `maxWaitTimeMs` ran out: in the bench that idled the consumer for 70 of every 180 ms (performance.md, round
 * nine). With two lanes, the partitions that come free are fetched on the other one at once; only while both
 * long-poll does a third group that comes free wait for one of them.
 */
export class FetchLanes {
  private readonly free: ConnectionPool[];

  constructor(readonly pools: readonly ConnectionPool[]) {
    this.free = [...pools];
  }

  /** A pool with no fetch in flight, now taken; undefined while every lane has one. */
  take(): ConnectionPool | undefined {
    return this.free.pop();
  }

  /** The fetch on `pool` ended: the lane takes the next one. */
  give(pool: ConnectionPool): void {
    this.free.push(pool);
  }
}
