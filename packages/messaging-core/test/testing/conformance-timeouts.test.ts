import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import type { RunnerTestSuite } from 'vitest';
import { describe, expect, it } from 'vitest';
import { InMemoryBroker, InMemoryTransport } from '../../src/index.js';

const SLOW_BROKER_WAIT_MS = 120_000;

// Collected, never run: only the timeouts vitest gives its tests are looked at.
describe.skip('a conformance suite for a slow broker', () => {
  describeTransportConformance({
    name: 'slow broker',
    createTransport: () => new InMemoryTransport({ broker: new InMemoryBroker() }),
    cutConnection: async () => {},
    timeoutMs: SLOW_BROKER_WAIT_MS,
  });
});

function testsOf(suite: RunnerTestSuite): { name: string; timeout: number }[] {
  return suite.tasks.flatMap((task) =>
    task.type === 'suite' ? testsOf(task) : [{ name: task.name, timeout: task.timeout }],
  );
}

describe('conformance suite timeouts', () => {
  it('every conformance test may run longer than the waits the transport asked for (timeoutMs)', ({
    task,
  }) => {
    const file = task.file;
    const slow = file.tasks.find((candidate) => candidate.name === 'a conformance suite for a slow broker');
    expect(slow?.type).toBe('suite');
    const tests = testsOf(slow as RunnerTestSuite);
    expect(tests.length).toBeGreaterThanOrEqual(11);
    for (const test of tests) expect(test.timeout, test.name).toBeGreaterThan(SLOW_BROKER_WAIT_MS);
  });
});
