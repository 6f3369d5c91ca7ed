import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Figures, ProgressReporter, RunParams } from '../figures.js';
import { CompletionLatch } from './completion-latch.js';
import type { EndToEndPair } from './end-to-end-pair.js';
import { LatencyRecorder } from './latency-recorder.js';
import { type BenchMessage, benchMessage } from './message-payload.js';

/** Messages handed to one `publish` call in throughput mode: lets raw clients pipeline a whole chunk. */
const CHUNK = 100;

/**
 * Publishes `params.messages` messages through a pair and waits until the consumer handled every one of them:
 * end-to-end throughput, and publish→handler latency percentiles of the same run.
 */
export async function measureEndToEnd(
  pair: EndToEndPair,
  params: RunParams,
  progress: ProgressReporter,
  what: string,
): Promise<Figures> {
  const latch = new CompletionLatch(params.messages, what, progress);
  const latencies = new LatencyRecorder(params.messages, warmUpOf(params));
  const messages = Array.from({ length: params.messages }, (_, seq) => benchMessage(seq, params.size));
  try {
    await pair.startConsumer(
      (seq) => {
        if (latch.arrive(seq)) latencies.handled(seq);
      },
      (error) => latch.fail(error),
    );
    const started = performance.now();
    // CPU of this process (publisher and consumer both live here) from the first publish to the last handling.
    const cpuAtStart = process.cpuUsage();
    latch.arm(timeoutFor(params));
    const publishing = params.ratePerSecond
      ? publishAtRate(pair, messages, params.ratePerSecond, latencies)
      : publishWindowed(pair, messages, params.window, latencies);
    publishing.catch((error: unknown) => latch.fail(error));
    await Promise.all([publishing, latch.done]);
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    return {
      throughput: params.messages / (elapsedMs / 1_000),
      elapsedMs,
      cpuPerMessage: (cpu.user + cpu.system) / params.messages,
      ...latencies.percentiles(),
      duplicates: latch.duplicateCount,
    };
  } finally {
    await pair.close();
  }
}

/**
 * At a fixed rate the scenario measures steady-state latency, so the first second of messages (at most a tenth of
 * the run) is left out of the percentiles: there every contender still opens pool connections and warms its JIT.
 * Throughput runs keep every message: their figures are about the whole burst.
 */
function warmUpOf(params: RunParams): number {
  if (!params.ratePerSecond) return 0;
  return Math.min(Math.round(params.ratePerSecond), Math.floor(params.messages / 10));
}

function timeoutFor(params: RunParams): number {
  const pacedMs = params.ratePerSecond ? (params.messages / params.ratePerSecond) * 1_000 : 0;
  return 60_000 + pacedMs + params.messages * 2;
}

/** As fast as confirms come back, with at most `window` messages unconfirmed. */
async function publishWindowed(
  pair: EndToEndPair,
  messages: readonly BenchMessage[],
  window: number,
  latencies: LatencyRecorder,
): Promise<void> {
  const chunk = Math.max(1, Math.min(CHUNK, window));
  const lanes = Math.max(1, Math.floor(window / chunk));
  let next = 0;
  const lane = async () => {
    while (next < messages.length) {
      const batch = messages.slice(next, next + chunk);
      next += batch.length;
      for (const message of batch) latencies.sent(message.seq);
      await pair.publish(batch);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** One message every 1/rate s on a fixed schedule; a late timer sends what is due at once, so the rate holds. */
async function publishAtRate(
  pair: EndToEndPair,
  messages: readonly BenchMessage[],
  ratePerSecond: number,
  latencies: LatencyRecorder,
): Promise<void> {
  const intervalMs = 1_000 / ratePerSecond;
  const started = performance.now();
  const confirmations: Promise<void>[] = [];
  for (let seq = 0; seq < messages.length; seq++) {
    const dueIn = started + seq * intervalMs - performance.now();
    // Pacing is the point of this scenario: nothing to await but the clock.
    if (dueIn >= 1) await delay(dueIn);
    latencies.sent(seq);
    confirmations.push(pair.publish([messages[seq]!]));
  }
  await Promise.all(confirmations);
}
