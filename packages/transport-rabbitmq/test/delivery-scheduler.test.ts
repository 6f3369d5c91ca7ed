import { describe, expect, it } from 'vitest';
import { DeliveryScheduler } from '../src/delivery-scheduler.js';

/** A job the test finishes by hand, so every step is awaited rather than timed. */
function manualJobs() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const run = (job: string) =>
    new Promise<void>((resolve) => {
      started.push(job);
      finishers.set(job, resolve);
    });
  const finish = async (job: string) => {
    finishers.get(job)!();
    // Let the scheduler's continuation run.
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
  };
  return { started, run, finish };
}

const settle = async () => {
  for (let turn = 0; turn < 5; turn++) await Promise.resolve();
};

describe('DeliveryScheduler', () => {
  it('runs one job at a time per lane and at most `concurrency` overall', async () => {
    const { started, run, finish } = manualJobs();
    const scheduler = new DeliveryScheduler<string>(2, 1, run);
    for (const job of ['a1', 'a2', 'b1', 'b2', 'c1']) scheduler.push(job[0]!, job);
    await settle();
    expect(started).toEqual(['a1', 'b1']);
    await finish('a1');
    expect(started).toEqual(['a1', 'b1', 'a2']);
    await finish('b1');
    expect(started).toEqual(['a1', 'b1', 'a2', 'b2']);
    await finish('a2');
    expect(started).toEqual(['a1', 'b1', 'a2', 'b2', 'c1']);
  });

  it('fills every slot from one lane when the lane allows it (unordered endpoints)', async () => {
    const { started, run } = manualJobs();
    const scheduler = new DeliveryScheduler<string>(3, 3, run);
    for (const job of ['q1', 'q2', 'q3', 'q4']) scheduler.push('queue', job);
    await settle();
    expect(started).toEqual(['q1', 'q2', 'q3']);
  });

  it('starts nothing new once paused, hands back what waits, and reports idle after the last job', async () => {
    const { started, run, finish } = manualJobs();
    const scheduler = new DeliveryScheduler<string>(1, 1, run);
    scheduler.push('a', 'a1');
    scheduler.push('a', 'a2');
    await settle();
    scheduler.pause();
    let idle = false;
    const idling = scheduler.idle().then(() => {
      idle = true;
    });
    await settle();
    expect(idle).toBe(false);
    await finish('a1');
    await idling;
    expect(started).toEqual(['a1']);
    expect(scheduler.drop()).toEqual(['a2']);
  });
});
