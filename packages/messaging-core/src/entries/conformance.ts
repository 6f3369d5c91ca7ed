/**
 * @pragmatic-messaging/core/conformance — the transport conformance suite (runs under vitest).
 * @module core/conformance
 */

export type { ConformanceOptions } from '../testing/conformance/conformance-fixture.js';
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
export { describeTransportConformance } from '../testing/conformance/transport-conformance.js';
export { type SampleMessage, sampleSchema } from '../testing/sample-schema.js';
