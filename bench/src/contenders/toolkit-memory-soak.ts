import { performance } from 'node:perf_hooks';
import { createInMemoryTransport, createMessaging } from '@pragmatic-messaging/core';
import { CompletionLatch } from '../end-to-end/completion-latch.js';
import { benchMessage } from '../end-to-end/message-payload.js';
import { BENCH_ENDPOINT, BenchMessageSent } from '../end-to-end/toolkit-pair.js';
import type { ContenderRun } from '../figures.js';
import { slope } from '../statistics.js';

const SAMPLES = 40;
/** The first samples include JIT warm-up and pools filling up; the slope is measured after them. */
const WARM_UP_FRACTION = 0.1;
const MB = 1024 * 1024;

/**
 * Pushes `messages` through the toolkit on the in-memory transport (publish pipeline, consume pipeline, acks) and
 * samples RSS and heap after a forced GC at regular points. A leak shows as a slope; flat means what was retained
 * per message was released.
 */
export const toolkitMemorySoak: ContenderRun = async (params, progress) => {
  const collectGarbage = requireGc();
  const messaging = createMessaging({ service: 'bench', transport: createInMemoryTransport() });
  const latch = new CompletionLatch(params.messages, 'toolkit memory soak', progress);
  messaging.endpoint(BENCH_ENDPOINT, { concurrency: 64 }).on(BenchMessageSent, async (message) => {
    latch.arrive(message.seq);
  });
  await messaging.start();
  const every = Math.max(1, Math.floor(params.messages / SAMPLES));
  const points: { handled: number; rss: number; heap: number }[] = [];
  const started = performance.now();
  latch.arm(60_000 + params.messages);
  try {
    for (let next = 0; next < params.messages; ) {
      const end = Math.min(params.messages, next + every);
      while (next < end) {
        const batch: Promise<void>[] = [];
        for (const stop = Math.min(end, next + params.window); next < stop; next++) {
          batch.push(messaging.publish(BenchMessageSent, benchMessage(next, params.size)));
        }
        await Promise.all(batch);
      }
      // Sample with no backlog: only what the toolkit retains after handling may count.
      await latch.whenReceived(next);
      collectGarbage();
      const memory = process.memoryUsage();
      points.push({ handled: next, rss: memory.rss / MB, heap: memory.heapUsed / MB });
    }
    await latch.done;
  } finally {
    await messaging.stop();
  }
  const elapsedMs = performance.now() - started;
  const steady = points.slice(Math.floor(points.length * WARM_UP_FRACTION));
  const per100k = (values: number[]) =>
    slope(
      steady.map((point) => point.handled / 100_000),
      values,
    );
  return {
    rssSlopeMbPer100k: per100k(steady.map((point) => point.rss)),
    heapSlopeMbPer100k: per100k(steady.map((point) => point.heap)),
    rssStartMb: steady[0]?.rss ?? Number.NaN,
    rssEndMb: points.at(-1)?.rss ?? Number.NaN,
    rssPeakMb: process.resourceUsage().maxRSS / 1024,
    throughput: params.messages / (elapsedMs / 1_000),
  };
};

function requireGc(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('The memory scenario needs node --expose-gc to measure retained memory');
  return gc;
}
