import { expect } from 'vitest';
import { Headers } from '../../../contracts/headers.js';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aFailingMessageIsRetriedAfterEachDelayThenDeadLetteredWithItsError: ConformanceSituation = {
  title:
    'a failing message is retried at once and after each configured delay, then dead-lettered with its error',
  level: 'bus',
  async run(f) {
    const contract = f.contract('retry');
    const endpoint = f.name('retrying');
    const delays = [300, 600];
    const runs: { attempt: number; at: number }[] = [];
    const bus = await f.bus(
      'consumer',
      (b) =>
        b
          .endpoint(endpoint, { concurrency: 1, retry: { immediate: 1, delays } })
          .on(contract, (_message, context) => {
            runs.push({ attempt: context.attempt, at: Date.now() });
            throw new Error('boom: the handler failed');
          }),
      { publishes: [contract] },
    );
    await bus.publish(contract, f.sample(1));
    await f.untilEvent((event) => event.kind === 'dead-lettered', 'the message is dead-lettered');

    // 3 deliveries (first + 2 delayed), each with 1 immediate retry.
    expect(runs.map((run) => run.attempt)).toEqual([1, 1, 2, 2, 3, 3]);
    const early = f.options.earlyDelayToleranceMs ?? 50;
    const late = f.options.lateDelayToleranceMs ?? 5_000;
    for (const [index, delay] of delays.entries()) {
      const gap = runs[index * 2 + 2]!.at - runs[index * 2 + 1]!.at;
      expect(gap, `gap before delayed retry ${index + 1}`).toBeGreaterThanOrEqual(delay - early);
      expect(gap, `gap before delayed retry ${index + 1}`).toBeLessThanOrEqual(delay + late);
    }

    const [deadLetter, ...others] = await bus.deadLetters(endpoint).list();
    expect(others).toEqual([]);
    expect(deadLetter!.message.id).toBe(f.events.find((event) => event.kind === 'dead-lettered')!.messageId);
    expect(deadLetter!.failure).toMatchObject({
      reason: 'Error',
      message: 'boom: the handler failed',
      endpoint,
      attempts: 3,
    });
    expect(deadLetter!.message.headers[Headers.failureStack]).toContain('boom');
  },
};
