import { expect } from 'vitest';
import { LifecycleError } from '../../../errors.js';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aStoppedBusRefusesToStartAgain: ConformanceSituation = {
  title: 'a stopped bus refuses to start again and to publish, with a LifecycleError saying why',
  level: 'bus',
  async run(f) {
    const contract = f.contract('restart');
    const bus = await f.bus('once', (b) => b.endpoint(f.name('once')).on(contract, f.recorder('once')), {
      publishes: [contract],
    });
    await bus.stop();
    expect(bus.state).toBe('stopped');
    expect(bus.health().transport.status).toBe('closed');
    const restarting = bus.start();
    await expect(restarting).rejects.toBeInstanceOf(LifecycleError);
    await expect(restarting).rejects.toThrow(/stopped/);
    await expect(bus.publish(contract, f.sample(1))).rejects.toThrow(/start\(\)/);
  },
};
