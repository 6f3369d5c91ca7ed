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
} from '../testing/conformance/conformance-fixture.js';
export type {
  ConformanceLevel,
  ConformanceSituation,
  ConformanceTarget,
} from '../testing/conformance/conformance-situation.js';
export {
  describeForeignInputConformance,
  FOREIGN_INPUT_MAX_MESSAGE_BYTES,
  FOREIGN_SCENARIOS,
  type ForeignInputConformanceOptions,
  type ForeignMessage,
  type ForeignScenarioName,
  type ForeignTarget,
  SCENARIO_HEADER,
} from '../testing/conformance/foreign-input-conformance.js';
export type { RawEndpoint, RawTarget } from '../testing/conformance/raw-endpoint.js';
export { describeTransportConformance } from '../testing/conformance/transport-conformance.js';
export { type SampleMessage, sampleSchema } from '../testing/sample-schema.js';
