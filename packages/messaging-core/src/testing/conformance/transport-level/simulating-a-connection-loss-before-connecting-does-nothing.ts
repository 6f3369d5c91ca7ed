import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const simulatingAConnectionLossBeforeConnectingDoesNothing: ConformanceSituation = {
  title:
    'simulating a connection loss on a transport that is not connected does nothing, and it connects normally',
  level: 'transport',
  async run(f) {
    const transport = await f.transport({ connect: false });
    await expect(transport.simulateConnectionLoss()).resolves.toBeUndefined();
    expect(transport.health().status).not.toBe('connected');

    await transport.connect();
    expect(transport.health().status).toBe('connected');
    const raw = f.rawEndpoint('unharmed');
    await transport.provision(raw.topology);
    await f.consume(transport, raw.endpoint, 'consumer');
    await transport.send([f.rawMessage(raw)]);
    await f.until(() => f.handed.length === 1, 'a message goes through');
  },
};
