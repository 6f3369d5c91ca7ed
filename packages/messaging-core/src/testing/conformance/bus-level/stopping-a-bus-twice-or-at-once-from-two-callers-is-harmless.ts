import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const stoppingABusTwiceOrAtOnceFromTwoCallersIsHarmless: ConformanceSituation = {
  title: 'stopping a bus from two callers at once, and again after it stopped, is harmless',
  level: 'bus',
  async run(f) {
    const contract = f.contract('double-stop');
    const bus = await f.bus('twice', (b) => b.endpoint(f.name('twice')).on(contract, f.recorder('twice')));
    await expect(Promise.all([bus.stop(), bus.stop()])).resolves.toEqual([undefined, undefined]);
    await expect(bus.stop()).resolves.toBeUndefined();
    expect(bus.state).toBe('stopped');
    expect(bus.health().transport.status).toBe('closed');
  },
};
