import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransportCapabilities } from '../../transport/transport.js';
import { busSituations, transportSituations } from './all-situations.js';
import {
  ConformanceFixture,
  type ConformanceOptions,
  conformanceTestTimeoutMs,
} from './conformance-fixture.js';
import { ConformanceReport } from './conformance-report.js';
import type { ConformanceSituation } from './conformance-situation.js';

/**
 * The definition of "a transport works": every transport package calls this from a test file with a factory
 * for its transport and a way to cut its connection. Runs under vitest: one test per situation, transport-level
 * situations first (a failure there is the transport's), then bus-level ones (core and transport together).
 * Situations the transport's capabilities rule out are skipped with their reason, and the reasons are printed
 * in a report once the run ends.
 */
export function describeTransportConformance(options: ConformanceOptions): void {
  describe(`transport conformance: ${options.name}`, { timeout: conformanceTestTimeoutMs(options) }, () => {
    const report = new ConformanceReport(options.name);
    let capabilities: TransportCapabilities | undefined;
    let current: ConformanceFixture | undefined;

    beforeAll(async () => {
      // An unconnected transport says what it can do; nothing is opened on the broker.
      const probe = await options.createTransport();
      capabilities = probe.capabilities;
      await probe.close();
    });
    afterEach(async () => {
      const fixture = current;
      current = undefined;
      await fixture?.dispose();
      expect(fixture?.unexpectedSettlementFailures() ?? [], 'settlements the broker refused').toEqual([]);
    });
    afterAll(() => {
      process.stdout.write(`\n${report.format()}`);
    });

    const register = (situation: ConformanceSituation) =>
      it(situation.title, async (context) => {
        const reason = situation.skipReason?.({ capabilities: capabilities!, options });
        if (reason) {
          report.recordSkip(situation.level, situation.title, reason);
          context.skip(reason);
        }
        report.recordRun();
        current = new ConformanceFixture(options);
        await situation.run(current);
      });
    describe('transport level: the SPI driven directly', () => {
      for (const situation of transportSituations) register(situation);
    });
    describe('bus level: core and the transport together', () => {
      for (const situation of busSituations) register(situation);
    });
  });
}
