import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerDifferencesTable, brokerProfiles } from './broker-differences.js';
import { compareMarkdown } from './compare-markdown.js';
import type { CompareReport } from './compare-report.js';
import { writeCompareOutput } from './compare-run.js';
import { replaceGeneratedSection } from './generated-section.js';
import { mergeRecordedReport } from './recorded-report.js';

/** The document, and the compare run it shows (recorded by `ticketflow compare --record`). */
export const BROKER_DOCS = {
  page: fileURLToPath(new URL('../../../../docs/brokers-compared.md', import.meta.url)),
  report: fileURLToPath(new URL('../../../../docs/compare/report.json', import.meta.url)),
  chart: fileURLToPath(new URL('../../../../docs/compare/chart.svg', import.meta.url)),
} as const;

const COMMAND = 'npm run docs:brokers';

export function recordedReport(path: string = BROKER_DOCS.report): CompareReport | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CompareReport) : undefined;
}

/** docs/brokers-compared.md with its generated sections brought up to date. */
export function renderBrokerDocs(current: string, report: CompareReport | undefined): string {
  const withTable = replaceGeneratedSection(
    current,
    'broker-table',
    brokerDifferencesTable(brokerProfiles(), report),
    COMMAND,
  );
  return replaceGeneratedSection(
    withTable,
    'compare-run',
    report
      ? compareMarkdown(report)
      : '_No compare run recorded yet: `npm run ticketflow -- compare --record`._',
    COMMAND,
  );
}

/** Regenerate the page; with `check`, only say whether it is stale. Returns true when it is up to date. */
export function writeBrokerDocs(check: boolean): boolean {
  const current = readFileSync(BROKER_DOCS.page, 'utf8');
  const rendered = renderBrokerDocs(current, recordedReport());
  if (rendered === current) return true;
  if (!check) writeFileSync(BROKER_DOCS.page, rendered);
  return !check;
}

/** Record a compare run in docs/compare (added to the recorded run of the same load) and regenerate the page. */
export function recordCompareRun(run: CompareReport): CompareReport {
  const recorded = mergeRecordedReport(recordedReport(), run);
  writeCompareOutput(recorded, dirname(BROKER_DOCS.report));
  writeBrokerDocs(false);
  return recorded;
}
