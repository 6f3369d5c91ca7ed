import type { Figures, RunParams } from './figures.js';
import { type IsolationOptions, runIsolated } from './isolated-run.js';
import { ProgressBar } from './progress-bar.js';
import type { Scenario, ScenarioContender } from './scenarios.js';
import { type Summary, summarize } from './statistics.js';

export interface ContenderResult {
  readonly id: string;
  readonly label: string;
  readonly transport: string;
  readonly baseline: boolean;
  readonly overrides?: ScenarioContender['overrides'];
  readonly figures: Readonly<Record<string, Summary>>;
  /** Median of each figure divided by the median of its transport's baseline. */
  readonly ratios: Readonly<Record<string, number>>;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly title: string;
  readonly params: RunParams;
  readonly runs: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly contenders: readonly ContenderResult[];
}

/**
 * Runs every contender `runs` times, alternating A B C A B C …, each run in a fresh process, so slow drift of the
 * machine (thermal, other work, broker state) hits every contender alike.
 */
export async function runScenario(
  scenario: Scenario,
  contenders: readonly ScenarioContender[],
  params: RunParams,
  runs: number,
  isolation: IsolationOptions = {},
): Promise<ScenarioResult> {
  const started = Date.now();
  const samples = contenders.map(() => [] as Figures[]);
  const paramsOf = (contender: ScenarioContender): RunParams => ({ ...params, ...contender.overrides });
  const total = contenders.reduce((sum, contender) => sum + paramsOf(contender).messages, 0);
  const bar = new ProgressBar(runs * total);
  let completed = 0;
  for (let run = 1; run <= runs; run++) {
    for (const [index, contender] of contenders.entries()) {
      const label = `${scenario.name}: ${contender.label} (run ${run}/${runs})`;
      bar.update(completed, label);
      const own = paramsOf(contender);
      const figures = await runIsolated(
        { contender: contender.id, params: own },
        (done) => bar.update(completed + done, label),
        isolation,
      );
      samples[index]!.push(figures);
      completed += own.messages;
    }
  }
  bar.finish();
  const summarized = contenders.map((contender, index) => ({
    contender,
    figures: summarizeFigures(samples[index]!),
  }));
  return {
    scenario: scenario.name,
    title: scenario.title,
    params,
    runs,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    contenders: summarized.map(({ contender, figures }) => ({
      id: contender.id,
      label: contender.label,
      transport: contender.transport,
      baseline: Boolean(contender.baseline),
      ...(contender.overrides ? { overrides: contender.overrides } : {}),
      figures,
      ratios: ratiosToBaseline(figures, baselineOf(contender, summarized)?.figures),
    })),
  };
}

/** The baseline a contender is compared with: same transport, same load. */
function baselineOf<Entry extends { readonly contender: ScenarioContender }>(
  contender: ScenarioContender,
  entries: readonly Entry[],
): Entry | undefined {
  const load = (candidate: ScenarioContender) => JSON.stringify(candidate.overrides ?? null);
  return entries.find(
    ({ contender: other }) =>
      other.baseline && other.transport === contender.transport && load(other) === load(contender),
  );
}

function summarizeFigures(runs: readonly Figures[]): Record<string, Summary> {
  const keys = new Set(runs.flatMap((figures) => Object.keys(figures)));
  return Object.fromEntries([...keys].map((key) => [key, summarize(runs.map((figures) => figures[key]!))]));
}

function ratiosToBaseline(
  figures: Record<string, Summary>,
  baseline: Record<string, Summary> | undefined,
): Record<string, number> {
  if (!baseline) return {};
  return Object.fromEntries(
    Object.entries(figures).flatMap(([key, summary]) => {
      const reference = baseline[key]?.median;
      return reference ? [[key, summary.median / reference]] : [];
    }),
  );
}
