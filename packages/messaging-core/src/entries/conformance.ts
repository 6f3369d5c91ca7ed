/**
 * @pragmatic-messaging/core/conformance — the transport conformance suite (runs under vitest).
 * @module core/conformance
 */

export type { ConformanceOptions } from '../testing/conformance/conformance-fixture.js';
export { describeTransportConformance } from '../testing/conformance/transport-conformance.js';
export { type SampleMessage, sampleSchema } from '../testing/sample-schema.js';
