import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReliabilityProfile } from '../config/reliability-profile.js';
import type { TransportName } from '../config/ticketflow-config.js';
import { compareChart } from './compare-chart.js';
import { compareMarkdown } from './compare-markdown.js';
import type { CompareReport, ScenarioResult } from './compare-report.js';
import type { CompareScenario } from './compare-scenarios.js';
import { type Deployment, deploy } from './deployment.js';
import { awaitQuiescence, checkInvariants, quietPeriodMs } from './invariant-check.js';
import { driveLoad } from './load-driver.js';
import { switchProfile, untilReady } from './profile-switch.js';
import { type Progress, ProgressBar } from './progress-bar.js';
import { recoveryTime } from './recovery-time.js';
import { inReportOrder } from './result-order.js';

export interface CompareOptions {
  readonly transports: readonly TransportName[];
  readonly scenarios: readonly CompareScenario[];
  readonly profiles: readonly ReliabilityProfile[];
  readonly inquiries: number;
  readonly seed: number;
  readonly outDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cli: string;
  readonly progress?: Progress;
}

const EMPTY = {
  inquiriesAccepted: 0,
  ticketsCreated: 0,
  lost: 0,
  duplicated: { alerts: 0, messages: 0, deadlines: 0, tickets: 0 },
  staleOverwrites: null,
  deadLetters: [],
  latencyMs: null,
  recoveryMs: null,
  durationMs: 0,
  violations: [],
} as const;

async function anomaly(
  deployment: Deployment,
  scenario: CompareScenario,
  on: boolean,
): Promise<string | undefined> {
  if (!scenario.anomaly) return undefined;
  const { service, anomalyType, messageType, params = {} } = scenario.anomaly;
  const response = on
    ? await fetch(`${deployment.url}/api/${service}/anomalies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ anomalyType, messageType, params }),
      })
    : await fetch(
        `${deployment.url}/api/${service}/anomalies/${anomalyType}/messages/${encodeURIComponent(messageType)}`,
        {
          method: 'DELETE',
        },
      );
  if (on && response.status !== 201) return `${anomalyType} could not be enabled: ${await response.text()}`;
  return undefined;
}

async function runScenario(
  deployment: Deployment,
  transport: TransportName,
  profile: ReliabilityProfile,
  scenario: CompareScenario,
  options: CompareOptions,
  index: number,
): Promise<ScenarioResult> {
  const started = Date.now();
  const base = { transport, scenario: scenario.name, profile };
  const refused = await anomaly(deployment, scenario, true);
  if (refused) return { ...base, ...EMPTY, skipped: refused };
  // A tag unique per run: its rows are told apart from the other runs on the same deployment.
  const tag = `C${options.seed}${transport.slice(0, 2)}${profile.slice(0, 1)}${index}`;
  const load = await driveLoad({
    deployment,
    tag,
    inquiries: options.inquiries,
    seed: options.seed + index,
    midLoad: scenario.midLoad ? () => scenario.midLoad!({ deployment, transport, tag }) : undefined,
    blockAndUnblock: scenario.blockAndUnblock,
  });
  await awaitQuiescence(deployment, tag, quietPeriodMs(transport, scenario.name));
  await anomaly(deployment, scenario, false);
  const { items } = load;
  const checked = await checkInvariants(deployment, tag, items, scenario);
  return {
    ...base,
    inquiriesAccepted: items.filter((item) => item.id).length,
    ticketsCreated: checked.ticketsCreated,
    lost: checked.lost,
    duplicated: checked.duplicated,
    staleOverwrites: checked.staleOverwrites,
    deadLetters: checked.deadLetters,
    latencyMs: checked.latencyMs,
    recoveryMs: recoveryTime(items, load.fault, checked.ticketCreatedAt),
    durationMs: Date.now() - started,
    violations: load.faultError
      ? [`the fault itself failed: ${load.faultError}`, ...checked.violations]
      : checked.violations,
  };
}

const skippedAll = (
  transport: TransportName,
  profile: ReliabilityProfile,
  scenarios: readonly CompareScenario[],
  reason: string,
): ScenarioResult[] =>
  scenarios.map((scenario) => ({ transport, profile, scenario: scenario.name, ...EMPTY, skipped: reason }));

/** Every profile's scenarios on one running deployment: the profile switched in place between them. */
async function runOnDeployment(
  deployment: Deployment,
  transport: TransportName,
  options: CompareOptions,
  progress: Progress,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const [profileIndex, profile] of options.profiles.entries()) {
    if (profileIndex > 0) {
      progress.step(`${transport}: switching to ${profile}`);
      const switched = await switchProfile(deployment, profile).then(
        () => undefined,
        (error: Error) => error.message,
      );
      if (switched) {
        results.push(...skippedAll(transport, profile, options.scenarios, switched));
        for (const scenario of options.scenarios)
          progress.advance(`${transport} ${profile} ${scenario.name}: skipped`);
        continue;
      }
    }
    for (const [index, scenario] of options.scenarios.entries()) {
      const unavailable = scenario.unavailableOn?.(transport);
      progress.step(`${transport} ${profile} ${scenario.name}`);
      results.push(
        unavailable
          ? { transport, profile, scenario: scenario.name, ...EMPTY, skipped: unavailable }
          : await runScenario(deployment, transport, profile, scenario, options, index),
      );
      const last = profileIndex === options.profiles.length - 1 && index === options.scenarios.length - 1;
      if (scenario.takes && !unavailable && !last) {
        // The next run needs the instance the fault took: started again with the profile running now.
        progress.step(`${transport}: starting ${scenario.takes} again`);
        await deployment.revive(scenario.takes, profile);
        await untilReady(deployment, `after ${scenario.takes} started again`);
      }
      progress.advance(`${transport} ${profile} ${scenario.name}: done`);
    }
  }
  return results;
}

/**
 * Every scenario on every broker with every profile: ONE deployment per broker (the profile switched in place as
 * the technical area does; each run tells its rows apart by its own tag), results as JSON, Markdown and SVG.
 */
export async function runCompare(options: CompareOptions): Promise<CompareReport> {
  const startedAt = new Date().toISOString();
  mkdirSync(options.outDir, { recursive: true });
  const progress =
    options.progress ??
    new ProgressBar(options.transports.length * options.profiles.length * options.scenarios.length);
  const results: ScenarioResult[] = [];
  for (const transport of options.transports) {
    const [first] = options.profiles;
    if (!first) break;
    progress.step(`${transport}: starting TicketFlow`);
    let deployment: Deployment | undefined;
    const logFile = join(options.outDir, `${transport}.log`);
    try {
      deployment = await deploy({
        transport,
        profile: first,
        databaseUrl: options.env.DATABASE_URL,
        env: options.env,
        cli: options.cli,
        logFile,
      });
    } catch (error) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-800) : '';
      const reason = `TicketFlow did not start: ${(error as Error).message}${log ? `; the log ends: ${log}` : ''}`;
      for (const profile of options.profiles) {
        results.push(...skippedAll(transport, profile, options.scenarios, reason));
        for (const scenario of options.scenarios)
          progress.advance(`${transport} ${profile} ${scenario.name}: skipped`);
      }
      continue;
    }
    try {
      results.push(...(await runOnDeployment(deployment, transport, options, progress)));
    } finally {
      await deployment.stop();
    }
    // A long run stopped half-way (Ctrl+C, a crash) keeps the brokers it finished.
    writeCompareOutput(reportOf(options, startedAt, results), options.outDir);
  }
  const report = reportOf(options, startedAt, results);
  writeCompareOutput(report, options.outDir);
  return report;
}

/** The report of the rows run so far, in scenario × broker × profile order. */
function reportOf(
  options: CompareOptions,
  startedAt: string,
  results: readonly ScenarioResult[],
): CompareReport {
  const scenarios = options.scenarios.map((scenario) => scenario.name);
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    seed: options.seed,
    inquiries: options.inquiries,
    transports: options.transports.filter((name) => results.some((result) => result.transport === name)),
    scenarios,
    profiles: options.profiles,
    results: inReportOrder(results, {
      scenarios,
      transports: options.transports,
      profiles: options.profiles,
    }),
  };
}

export function writeCompareOutput(report: CompareReport, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), `# TicketFlow compare\n\n${compareMarkdown(report)}\n`);
  writeFileSync(join(dir, 'chart.svg'), compareChart(report));
}
