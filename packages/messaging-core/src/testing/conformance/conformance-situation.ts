import type { TransportCapabilities } from '../../transport/transport.js';
import type { ConformanceFixture, ConformanceOptions } from './conformance-fixture.js';

/**
 * Where a situation drives the transport from. `transport`: the Transport SPI directly, no core in between, so a
 * failure is the transport's. `bus`: through `createMessaging`, core and transport together, as an application
 * uses them.
 */
export type ConformanceLevel = 'transport' | 'bus';

/** What a situation may look at to decide whether it applies: the transport's flags and the suite's options. */
export interface ConformanceTarget {
  readonly capabilities: TransportCapabilities;
  readonly options: ConformanceOptions;
}

/**
 * One situation of the specification: a sentence that holds on every transport whose capabilities allow it.
 * Each lives in a file named after its title.
 */
export interface ConformanceSituation {
  /** The situation as a sentence in the present tense; the test's name. */
  readonly title: string;
  readonly level: ConformanceLevel;
  /**
   * Why the situation does not apply to `target`, or undefined when it does. A skipped situation is listed with
   * this reason in the report at the end of the run.
   */
  readonly skipReason?: (target: ConformanceTarget) => string | undefined;
  run(fixture: ConformanceFixture): Promise<void>;
}
