/**
 * @pragmatic-messaging/core/conformance — the transport conformance suite (runs under vitest).
 * @module core/conformance
 */

export {
  busSituations,
  conformanceSituations,
  transportSituations,
} from '../testing/conformance/all-situations.js';
export type {
  ConformanceFixture,
  ConformanceOptions,
  HandedDelivery,
  RawEndpoint,
} from '../testing/conformance/conformance-fixture.js';
export type {
  ConformanceLevel,
  ConformanceSituation,
  ConformanceTarget,
} from '../testing/conformance/conformance-situation.js';
export { describeTransportConformance } from '../testing/conformance/transport-conformance.js';
export { type SampleMessage, sampleSchema } from '../testing/sample-schema.js';
