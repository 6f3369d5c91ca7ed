import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReliabilityProfile } from '../config/reliability-profile.js';
import type { TransportName } from '../config/ticketflow-config.js';
import { compareChart } from './compare-chart.js';
import { compareMarkdown } from './compare-markdown.js';
import type { CompareReport, ScenarioResult } from './compare-report.js';
import type { CompareScenario } from './compare-scenarios.js';
import { type Deployment, deploy } from './deployment.js';
import { awaitQuiescence, checkInvariants } from './invariant-check.js';
import { driveLoad } from './load-driver.js';
import { type Progress, ProgressBar } from './progress-bar.js';

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
  const { service, anomalyType, messageType } = scenario.anomaly;
  const response = on
    ? await fetch(`${deployment.url}/api/${service}/anomalies`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ anomalyType, messageType, params: {} }),
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
  // A tag unique per run: its rows are told apart from earlier runs on the same deployment.
  const tag = `C${options.seed}${transport.slice(0, 2)}${profile.slice(0, 1)}${index}`;
  let faultAt: number | undefined;
  const items = await driveLoad({
    deployment,
    tag,
    inquiries: options.inquiries,
    seed: options.seed + index,
    midLoad: scenario.midLoad
      ? async () => {
          faultAt = await scenario.midLoad!(deployment);
        }
      : undefined,
  });
  await awaitQuiescence(deployment, tag);
  await anomaly(deployment, scenario, false);
  const checked = await checkInvariants(deployment, tag, items);
  const after = faultAt === undefined ? [] : checked.ticketTimes.filter((time) => time >= faultAt!);
  return {
    ...base,
    inquiriesAccepted: items.filter((item) => item.id).length,
    ticketsCreated: checked.ticketsCreated,
    lost: checked.lost,
    duplicated: checked.duplicated,
    staleOverwrites: checked.staleOverwrites,
    deadLetters: checked.deadLetters,
    latencyMs: checked.latencyMs,
    recoveryMs: faultAt === undefined || after.length === 0 ? null : Math.min(...after) - faultAt,
    durationMs: Date.now() - started,
    violations: checked.violations,
  };
}

/**
 * Every scenario on every broker with every profile: one deployment per broker × profile (scenarios run one after
 * the other on it, each with its own tagged load, the process kill last), results as JSON, Markdown and SVG.
 */
export async function runCompare(options: CompareOptions): Promise<CompareReport> {
  const startedAt = new Date().toISOString();
  mkdirSync(options.outDir, { recursive: true });
  const progress =
    options.progress ??
    new ProgressBar(options.transports.length * options.profiles.length * options.scenarios.length);
  // The kill leaves the deployment one instance short: it goes last.
  const ordered = [...options.scenarios].sort(
    (a, b) => Number(Boolean(a.midLoad)) - Number(Boolean(b.midLoad)),
  );
  const results: ScenarioResult[] = [];
  for (const transport of options.transports) {
    for (const profile of options.profiles) {
      progress.step(`${transport} ${profile}: starting TicketFlow`);
      let deployment: Deployment | undefined;
      const logFile = join(options.outDir, `${transport}-${profile}.log`);
      try {
        deployment = await deploy({
          transport,
          profile,
          databaseUrl: options.env.DATABASE_URL,
          env: options.env,
          cli: options.cli,
          logFile,
        });
      } catch (error) {
        const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-800) : '';
        for (const scenario of ordered) {
          results.push({
            transport,
            profile,
            scenario: scenario.name,
            ...EMPTY,
            skipped: `TicketFlow did not start: ${(error as Error).message}${log ? `; the log ends: ${log}` : ''}`,
          });
          progress.advance(`${transport} ${profile} ${scenario.name}: skipped`);
        }
        continue;
      }
      try {
        for (const [index, scenario] of ordered.entries()) {
          const unavailable = scenario.unavailableOn?.(transport);
          progress.step(`${transport} ${profile} ${scenario.name}`);
          results.push(
            unavailable
              ? { transport, profile, scenario: scenario.name, ...EMPTY, skipped: unavailable }
              : await runScenario(deployment, transport, profile, scenario, options, index),
          );
          progress.advance(`${transport} ${profile} ${scenario.name}: done`);
        }
      } finally {
        await deployment.stop();
      }
    }
  }
  const order = (result: ScenarioResult) =>
    options.scenarios.findIndex((scenario) => scenario.name === result.scenario) * 100 +
    options.transports.indexOf(result.transport) * 10 +
    options.profiles.indexOf(result.profile);
  const report: CompareReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    seed: options.seed,
    inquiries: options.inquiries,
    transports: options.transports,
    scenarios: options.scenarios.map((scenario) => scenario.name),
    profiles: options.profiles,
    results: results.sort((a, b) => order(a) - order(b)),
  };
  writeCompareOutput(report, options.outDir);
  return report;
}

export function writeCompareOutput(report: CompareReport, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, 'report.md'), `# TicketFlow compare\n\n${compareMarkdown(report)}\n`);
  writeFileSync(join(dir, 'chart.svg'), compareChart(report));
}
