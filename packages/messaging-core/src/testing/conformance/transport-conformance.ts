import { afterEach, describe, expect } from 'vitest';
import { asyncApiConformance } from './asyncapi-conformance.js';
import { brokerConformance } from './broker-conformance.js';
import {
  ConformanceFixture,
  type ConformanceOptions,
  conformanceTestTimeoutMs,
} from './conformance-fixture.js';
import { deliveryConformance } from './delivery-conformance.js';
import { failureConformance } from './failure-conformance.js';
import { topicDeclarationConformance } from './topic-declaration-conformance.js';

/**
 * The definition of "a transport works": every transport package calls this from a test file with a factory
 * for its transport and a way to cut its connection. Runs under vitest.
 */
export function describeTransportConformance(options: ConformanceOptions): void {
  describe(`transport conformance: ${options.name}`, { timeout: conformanceTestTimeoutMs(options) }, () => {
    let current: ConformanceFixture | undefined;
    const fixture = () => {
      current = new ConformanceFixture(options);
      return current;
    };
    afterEach(async () => {
      const fixture = current;
      current = undefined;
      await fixture?.dispose();
      expect(fixture?.unexpectedSettlementFailures() ?? [], 'settlements the broker refused').toEqual([]);
    });
    deliveryConformance(fixture);
    failureConformance(fixture);
    brokerConformance(fixture);
    topicDeclarationConformance(fixture);
    asyncApiConformance(fixture);
  });
}
