import { performance } from 'node:perf_hooks';
import { percentile } from '../statistics.js';

/** Send time of every message and its publish→handler latency, in one process (one monotonic clock). */
export class LatencyRecorder {
  private readonly sentAt: Float64Array;
  private readonly latencies: Float64Array;
  private count = 0;

  /** @param warmUp messages (the first by sequence) left out of the percentiles: connections and JIT warming up. */
  constructor(
    messages: number,
    private readonly warmUp = 0,
  ) {
    this.sentAt = new Float64Array(messages);
    this.latencies = new Float64Array(messages);
  }

  sent(seq: number): void {
    this.sentAt[seq] = performance.now();
  }

  handled(seq: number): void {
    if (seq < this.warmUp) return;
    this.latencies[this.count++] = performance.now() - this.sentAt[seq]!;
  }

  /** p50/p95/p99 in ms over the messages handled so far. */
  percentiles(): { p50: number; p95: number; p99: number } {
    const handled = this.latencies.subarray(0, this.count);
    return { p50: percentile(handled, 50), p95: percentile(handled, 95), p99: percentile(handled, 99) };
  }
}
