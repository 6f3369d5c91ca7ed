/** What one run of one contender measured, by figure key (`throughput`, `p99`, `rssSlope`…). */
export type Figures = Readonly<Record<string, number>>;

/** How a figure is read: its label, unit, and which direction is better. */
export interface FigureSpec {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
}

/** What a contender is asked to do in one run. */
export interface RunParams {
  readonly messages: number;
  /** Approximate size of each JSON message body, bytes. */
  readonly size: number;
  /** Publish at this fixed rate (messages per second) instead of as fast as confirms allow. */
  readonly ratePerSecond?: number;
  /** Messages published but not yet confirmed, at most (throughput mode). */
  readonly window: number;
}

/** Reported by a contender while it runs: how many of its messages are done. */
export type ProgressReporter = (done: number) => void;

/** One way of moving the messages: a raw client, our toolkit, or a peer library. */
export type ContenderRun = (params: RunParams, progress: ProgressReporter) => Promise<Figures>;
