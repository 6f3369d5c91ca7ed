import { expect } from 'vitest';
import { LifecycleError } from '../../../errors.js';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aClosedTransportClosesAgainHarmlesslyAndRefusesToConnect: ConformanceSituation = {
  title: 'a closed transport closes again harmlessly and refuses to connect again with a LifecycleError',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    await transport.close();
    await expect(transport.close()).resolves.toBeUndefined();
    expect(transport.health().status).toBe('closed');
    // A rejected promise, not a synchronous throw: callers await connect().
    const reconnecting = transport.connect();
    await expect(reconnecting).rejects.toBeInstanceOf(LifecycleError);
    await expect(reconnecting).rejects.toThrow(/closed/);
  },
};
