import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aTransportReportsItsConnectionInHealth: ConformanceSituation = {
  title: 'a transport reports connected once connect() resolves and closed once close() resolves',
  level: 'transport',
  async run(f) {
    const transport = await f.transport({ connect: false });
    expect(transport.health().status).not.toBe('connected');
    await transport.connect();
    expect(transport.health().status).toBe('connected');
    // connect() is idempotent: a second call while connected changes nothing.
    await transport.connect();
    expect(transport.health().status).toBe('connected');
    await transport.close();
    expect(transport.health().status).toBe('closed');
  },
};
