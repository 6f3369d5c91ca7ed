import type { CompareReport, ScenarioResult } from './compare-report.js';
import { inReportOrder } from './result-order.js';

/**
 * The compare run to record, given the one recorded before. A full run on every broker takes an hour here, so a
 * run of a few scenarios or brokers is added to the recorded one instead of replacing it — but only when both
 * drove the same load (seed and inquiries per run): rows of different loads side by side would compare nothing.
 * A row of the new run replaces the recorded row of the same scenario, broker and profile.
 */
export function mergeRecordedReport(recorded: CompareReport | undefined, run: CompareReport): CompareReport {
  if (!recorded || recorded.seed !== run.seed || recorded.inquiries !== run.inquiries) return run;
  const keyOf = (result: ScenarioResult) => `${result.scenario}|${result.transport}|${result.profile}`;
  const replaced = new Set(run.results.map(keyOf));
  const scenarios = union(recorded.scenarios, run.scenarios);
  const transports = union(recorded.transports, run.transports);
  const profiles = union(recorded.profiles, run.profiles);
  const results = [...recorded.results.filter((result) => !replaced.has(keyOf(result))), ...run.results];
  return {
    // ISO times: the string order is the time order.
    startedAt: [recorded.startedAt, run.startedAt].sort()[0]!,
    finishedAt: [recorded.finishedAt, run.finishedAt].sort()[1]!,
    seed: run.seed,
    inquiries: run.inquiries,
    transports,
    scenarios,
    profiles,
    results: inReportOrder(results, { scenarios, transports, profiles }),
  };
}

/** Both lists' names, the first list's order first. */
function union<T>(first: readonly T[], second: readonly T[]): T[] {
  return [...first, ...second.filter((name) => !first.includes(name))];
}
