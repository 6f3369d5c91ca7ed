import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const stoppingABusLetsRunningHandlersFinishAndNothingIsRedelivered: ConformanceSituation = {
  title: 'stopping a bus while a handler runs lets it finish and acknowledge; nothing is redelivered',
  level: 'bus',
  async run(f) {
    const contract = f.contract('graceful');
    const endpoint = f.name('graceful');
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    const first = await f.bus('first', (bus) =>
      bus.endpoint(endpoint, { concurrency: 1 }).on(contract, async () => {
        started();
        await gate;
        finished = true;
      }),
    );
    const producer = await f.bus('producer', () => {}, { publishes: [contract] });
    await producer.publish(contract, f.sample(1, 'k', 'in flight during stop'));
    await handlerStarted;

    let stopped = false;
    const stopping = first.stop().then(() => {
      stopped = true;
    });
    try {
      for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(stopped, 'stop() waits for the in-flight handler').toBe(false);
    } finally {
      release();
    }
    await stopping;
    expect(finished).toBe(true);

    // A sentinel published after the stop arrives after anything the broker would have redelivered.
    await f.bus('second', (bus) =>
      bus.endpoint(endpoint, { concurrency: 1 }).on(contract, f.recorder('second')),
    );
    await producer.publish(contract, f.sample(2, 'k', 'sentinel'));
    await f.until(
      () => f.receivedBy('second').some((entry) => entry.message.seq === 2),
      'the sentinel arrives',
    );
    expect(f.receivedBy('second').map((entry) => entry.message.seq)).toEqual([2]);
  },
};
