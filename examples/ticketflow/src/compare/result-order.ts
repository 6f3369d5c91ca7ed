import type { ScenarioResult } from './compare-report.js';

/** The names a report lists its rows by, in the order it lists them. */
export interface ReportOrder {
  readonly scenarios: readonly string[];
  readonly transports: readonly string[];
  readonly profiles: readonly string[];
}

/** The rows sorted as a report shows them: by scenario, then broker, then profile. */
export function inReportOrder(results: readonly ScenarioResult[], order: ReportOrder): ScenarioResult[] {
  const rank = (result: ScenarioResult) =>
    order.scenarios.indexOf(result.scenario) * 100 +
    order.transports.indexOf(result.transport) * 10 +
    order.profiles.indexOf(result.profile);
  return [...results].sort((a, b) => rank(a) - rank(b));
}
