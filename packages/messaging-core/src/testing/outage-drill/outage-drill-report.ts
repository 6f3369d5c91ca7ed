/** What a drill found, read from the database afterwards. */
export interface OutageDrillReport {
  readonly name: string;
  /** What the outage function said it did (e.g. which node it stopped). */
  readonly outageDetail?: string;
  /** Orders whose transaction committed (the caller saw success). */
  readonly committed: number;
  /** Commits the caller saw fail and retried (the store was down). */
  readonly refusedCommits: number;
  /** Committed orders with no effect: lost. Must be 0. */
  readonly lost: number;
  /** The first lost orders (`order-<seq>`), up to 10, to look for on the broker. */
  readonly lostOrders: readonly string[];
  /** Committed orders whose effect happened more than once. Must be 0. */
  readonly duplicated: number;
  /**
   * Effects recorded by a delivery the broker marked redelivered: messages that were out with a consumer (or on a
   * connection) that went away, handled once after they came back.
   */
  readonly redelivered: number;
  /** Effects of orders that were never committed. Must be 0. */
  readonly phantom: number;
  /** Outbox rows still unsent at the end. Must be 0. */
  readonly unsent: number;
  /** A bus left the started state during the drill (a "process exit"). Must be false. */
  readonly busStopped: boolean;
  /** How long the outage took (stopping and starting the broker or database), ms. */
  readonly outageMs: number;
  /** From the first commit to the last, ms (the flow's pace: orders / flowMs). */
  readonly flowMs: number;
  /** Each bus's not-ready time around the outage, ms, and the first reasons it gave. */
  readonly notReady: Record<
    'producer' | 'consumer',
    { readonly ms: number; readonly reasons: readonly string[] }
  >;
  /** From the end of the outage until both buses were ready again, ms. */
  readonly readyAgainAfterMs: number;
  /** From the end of the outage until every order committed before its end was handled, ms. */
  readonly drainedAfterMs: number;
}

/** One line for the test log: the figures a reader wants. */
export function describeOutageDrill(report: OutageDrillReport): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return (
    `${report.name}: ${report.committed} orders committed in ${seconds(report.flowMs)} (${report.refusedCommits} commits refused and retried), ` +
    `${report.lost} lost${report.lost > 0 ? ` (first: ${report.lostOrders.join(', ')})` : ''}, ${report.duplicated} duplicated (${report.redelivered} handled on redelivery), ${report.phantom} phantom, ${report.unsent} unsent; ` +
    `outage ${seconds(report.outageMs)}; not ready: producer ${seconds(report.notReady.producer.ms)}, consumer ` +
    `${seconds(report.notReady.consumer.ms)}; ready again ${seconds(report.readyAgainAfterMs)}, and the orders ` +
    `committed until then all handled ${seconds(report.drainedAfterMs)}, after it was back` +
    (report.outageDetail ? ` (${report.outageDetail})` : '')
  );
}
