import { type CompareReport, duplicatesOf, type ScenarioResult } from './compare-report.js';

const ms = (value: number) => `${Math.round(value)}`;

function latency(result: ScenarioResult): string {
  return result.latencyMs
    ? `${ms(result.latencyMs.p50)} / ${ms(result.latencyMs.p95)} / ${ms(result.latencyMs.p99)}`
    : '—';
}

function deadLetters(result: ScenarioResult): string {
  if (result.deadLetters.length === 0) return '0';
  return result.deadLetters.map((letter) => `${letter.count} ${letter.reason}`).join(', ');
}

function duplicates(result: ScenarioResult): string {
  const { alerts, messages, deadlines, tickets } = result.duplicated;
  const total = duplicatesOf(result);
  return total === 0
    ? '0'
    : `${total} (${[
        alerts && `${alerts} alerts`,
        messages && `${messages} messages`,
        deadlines && `${deadlines} deadlines`,
        tickets && `${tickets} tickets`,
      ]
        .filter(Boolean)
        .join(', ')})`;
}

/** The verdict of one run: the reliable profile must keep every invariant; the naive one should break some. */
export function verdictOf(result: ScenarioResult): string {
  if (result.skipped) return `skipped: ${result.skipped}`;
  const broken = result.violations.length > 0;
  if (result.profile === 'reliable') return broken ? '**violated**' : 'ok';
  return broken ? 'violations (expected)' : 'none seen';
}

/** When the rows ran: one run, or the runs recorded together (see recorded-report.ts), first start to last end. */
function runTime(report: CompareReport): string {
  const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const [start, end] = [minute(report.startedAt), minute(report.finishedAt)];
  return `Ran ${start}–${start.slice(0, 10) === end.slice(0, 10) ? end.slice(11) : end} UTC`;
}

/** The Markdown results of a compare run: one row per scenario × broker × profile, then every violation. */
export function compareMarkdown(report: CompareReport): string {
  const lines = [
    `${runTime(report)}, seed ${report.seed}, ${report.inquiries} inquiries per run; brokers ${report.transports.join(', ')}; scenarios ${report.scenarios.join(', ')}.`,
    '',
    '| scenario | broker | profile | accepted | tickets | lost | duplicated effects | stale | dead letters | inquiry → ticket p50 / p95 / p99 ms | recovery | verdict |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.results.map((result) =>
      result.skipped
        ? `| ${result.scenario} | ${result.transport} | ${result.profile} | | | | | | | | | ${verdictOf(result)} |`
        : `| ${result.scenario} | ${result.transport} | ${result.profile} | ${result.inquiriesAccepted} | ${result.ticketsCreated} | ${result.lost} | ${duplicates(result)} | ${result.staleOverwrites ?? 'n/m'} | ${deadLetters(result)} | ${latency(result)} | ${result.recoveryMs === null ? '—' : `${(result.recoveryMs / 1000).toFixed(1)} s`} | ${verdictOf(result)} |`,
    ),
  ];
  const reliable = report.results.filter(
    (result) => result.profile === 'reliable' && result.violations.length > 0,
  );
  lines.push('', '**Reliable profile, invariants that did not hold:**', '');
  if (reliable.length === 0)
    lines.push('None: zero lost and zero duplicated effects on every broker and scenario.');
  for (const result of reliable) {
    for (const violation of result.violations)
      lines.push(`- ${result.scenario} on ${result.transport}: ${violation}`);
  }
  const naive = report.results.filter((result) => result.profile === 'naive' && result.violations.length > 0);
  if (naive.length > 0) {
    lines.push('', '**Naive profile, what the checker caught (the control):**', '');
    for (const result of naive) {
      lines.push(`- ${result.scenario} on ${result.transport}: ${result.violations.slice(0, 3).join('; ')}`);
    }
  }
  return lines.join('\n');
}
