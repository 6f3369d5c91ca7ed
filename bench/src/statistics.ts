/** Median and spread of one figure over the runs of one contender. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) / median, as a percentage: how much the runs disagree. */
  readonly spreadPercent: number;
  readonly samples: readonly number[];
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('Cannot summarize a figure without samples');
  const median = percentile(samples, 50);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  const spreadPercent = median === 0 ? 0 : ((max - min) / Math.abs(median)) * 100;
  return { median, min, max, spreadPercent, samples: [...samples] };
}

/** Nearest-rank percentile with linear interpolation between ranks. */
export function percentile(values: ArrayLike<number>, rank: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return Number.NaN;
  const position = (rank / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const fraction = position - lower;
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * fraction;
}

/** Least-squares slope of y over x: how fast y grows per unit of x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return 0;
  const meanX = xs.slice(0, n).reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.slice(0, n).reduce((sum, y) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    covariance += (xs[i]! - meanX) * (ys[i]! - meanY);
    variance += (xs[i]! - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}
