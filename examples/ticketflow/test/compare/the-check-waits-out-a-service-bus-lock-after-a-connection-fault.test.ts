import { describe, expect, it } from 'vitest';
import { quietPeriodMs } from '../../src/compare/invariant-check.js';

describe('the invariant check waits out a Service Bus lock after a connection fault', () => {
  it('waits longer than the 60 s lock on Service Bus after a connection drop or a killed consumer', () => {
    expect(quietPeriodMs('asb', 'connection-drop')).toBeGreaterThan(60_000);
    expect(quietPeriodMs('asb', 'consumer-kill')).toBeGreaterThan(60_000);
  });

  it('keeps the short quiet period where nothing is held by a lock', () => {
    expect(quietPeriodMs('asb', 'steady')).toBeLessThan(10_000);
    expect(quietPeriodMs('rabbitmq', 'connection-drop')).toBeLessThan(10_000);
    expect(quietPeriodMs('kafka', 'consumer-kill')).toBeLessThan(10_000);
  });
});
