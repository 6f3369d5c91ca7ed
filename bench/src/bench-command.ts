import path from 'node:path';
import type { ScenarioResult } from './alternating-runner.js';
import { runScenario } from './alternating-runner.js';
import { measuredCode } from './built-packages.js';
import type { CliArguments } from './cli-arguments.js';
import type { RunParams } from './figures.js';
import { markdownTable } from './report/markdown-table.js';
import { type WrittenFiles, writeResultFiles } from './report/result-files.js';
import { SCENARIOS, type Scenario, type ScenarioContender, scenarioNamed } from './scenarios.js';

/** --messages and --rate given on the command line win over a contender's own load too. */
function withCommandLineLoad(contender: ScenarioContender, args: CliArguments): ScenarioContender {
  if (!contender.overrides) return contender;
  return {
    ...contender,
    overrides: {
      messages: args.messages ?? contender.overrides.messages,
      ratePerSecond: args.rate ?? contender.overrides.ratePerSecond,
    },
  };
}

/**
 * A mistyped id would otherwise just drop its contender, and the table would look complete without it: the run is
 * refused before anything is measured, naming the ids the chosen scenarios have.
 */
function refuseUnknownContenders(scenarios: readonly Scenario[], named: readonly string[] | undefined): void {
  if (!named) return;
  const known = new Set<string>(
    scenarios.flatMap((scenario) => scenario.contenders.map((contender) => contender.id)),
  );
  const unknown = named.filter((id) => !known.has(id));
  if (unknown.length === 0) return;
  throw new Error(
    `Unknown --contender ${unknown.map((id) => `"${id}"`).join(', ')}; the contenders of "${scenarios.map((scenario) => scenario.name).join(', ')}" are: ${[...known].join(', ')}`,
  );
}

export interface BenchOutcome {
  readonly results: readonly { readonly scenario: Scenario; readonly result: ScenarioResult }[];
  readonly files: WrittenFiles;
}

/** `npm run bench -- …`: runs the chosen scenarios, prints their tables, writes JSON, Markdown and SVG. */
export async function runBench(
  args: CliArguments,
  outDirectory: string,
  print: (text: string) => void,
): Promise<BenchOutcome> {
  const scenarios = args.scenario === 'all' ? SCENARIOS : [scenarioNamed(args.scenario)];
  refuseUnknownContenders(scenarios, args.contenders);
  const nodeFlags = args.cpuProfile
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(outDirectory, 'profiles')}`]
    : [];
  const code = measuredCode();
  if (code === 'sources') {
    print(
      'Measuring the packages from their sources through tsx (a dist is missing or stale): closures cost more than in a build.',
    );
  }
  const results: { scenario: Scenario; result: ScenarioResult }[] = [];
  for (const scenario of scenarios) {
    const contenders = scenario.contenders
      .filter(
        (contender) =>
          (!args.transports || args.transports.includes(contender.transport)) &&
          (!args.contenders || args.contenders.includes(contender.id)),
      )
      .map((contender) => withCommandLineLoad(contender, args));
    if (contenders.length === 0) continue;
    const params: RunParams = {
      messages: args.messages ?? scenario.defaults.messages,
      size: args.size ?? scenario.defaults.size,
      ratePerSecond: scenario.defaults.ratePerSecond && (args.rate ?? scenario.defaults.ratePerSecond),
      window: args.window,
    };
    const result = await runScenario(scenario, contenders, params, args.runs, { nodeFlags, code });
    print(markdownTable(scenario, result));
    results.push({ scenario, result });
  }
  if (results.length === 0)
    throw new Error(`No contender of "${args.scenario}" matches --transport/--contender`);
  return { results, files: await writeResultFiles(outDirectory, results, code) };
}
