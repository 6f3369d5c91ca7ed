import { type CompareReport, duplicatesOf, type ScenarioResult } from './compare-report.js';

const COLORS = { reliable: '#059669', naive: '#e11d48' } as const;
const BAR = 14;
const GAP = 4;
const GROUP_GAP = 22;
const CHART_HEIGHT = 160;
const LEFT = 40;
const TOP = 36;

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Lost + duplicated effects + stale overwrites: what a run got wrong. */
export function problemsOf(result: ScenarioResult): number {
  return result.lost + duplicatesOf(result) + (result.staleOverwrites ?? 0);
}

/**
 * A bar chart of what went wrong per scenario and broker (lost + duplicated + stale), reliable beside naive: the
 * green bars should be absent, the red ones show what the naive profile invites.
 */
export function compareChart(report: CompareReport): string {
  const ran = report.results.filter((result) => !result.skipped);
  const max = Math.max(1, ...ran.map(problemsOf));
  const bars: string[] = [];
  const labels: string[] = [];
  let x = LEFT;
  for (const scenario of report.scenarios) {
    const groupStart = x;
    for (const transport of report.transports) {
      const transportStart = x;
      for (const profile of report.profiles) {
        const result = ran.find(
          (candidate) =>
            candidate.scenario === scenario &&
            candidate.transport === transport &&
            candidate.profile === profile,
        );
        const value = result ? problemsOf(result) : 0;
        const height = result ? Math.max(1, Math.round((value / max) * CHART_HEIGHT)) : 0;
        const title = `${scenario} on ${transport}, ${profile}: ${result ? `${value} (lost ${result.lost}, duplicated ${duplicatesOf(result)}, stale ${result.staleOverwrites ?? 'not measured'})` : 'not run'}`;
        bars.push(
          `<rect x="${x}" y="${TOP + CHART_HEIGHT - height}" width="${BAR}" height="${height}" fill="${COLORS[profile]}"><title>${xmlText(title)}</title></rect>`,
        );
        if (result && value > 0) {
          bars.push(
            `<text x="${x + BAR / 2}" y="${TOP + CHART_HEIGHT - height - 3}" font-size="9" text-anchor="middle">${value}</text>`,
          );
        }
        x += BAR + GAP;
      }
      labels.push(
        `<text x="${(transportStart + x - GAP) / 2}" y="${TOP + CHART_HEIGHT + 12}" font-size="9" text-anchor="middle">${xmlText(transport)}</text>`,
      );
      x += GAP * 2;
    }
    labels.push(
      `<text x="${(groupStart + x - GAP * 3) / 2}" y="${TOP + CHART_HEIGHT + 26}" font-size="11" font-weight="600" text-anchor="middle">${xmlText(scenario)}</text>`,
    );
    x += GROUP_GAP;
  }
  const width = x + 20;
  const height = TOP + CHART_HEIGHT + 40;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img" aria-label="Lost, duplicated and stale effects per scenario and broker">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${LEFT}" y="16" font-size="13" font-weight="600">Lost + duplicated + stale effects per scenario and broker (lower is better)</text>`,
    `<rect x="${LEFT}" y="22" width="10" height="10" fill="${COLORS.reliable}"/><text x="${LEFT + 14}" y="31" font-size="10">reliable</text>`,
    `<rect x="${LEFT + 70}" y="22" width="10" height="10" fill="${COLORS.naive}"/><text x="${LEFT + 84}" y="31" font-size="10">naive</text>`,
    `<line x1="${LEFT - 4}" y1="${TOP + CHART_HEIGHT}" x2="${width - 10}" y2="${TOP + CHART_HEIGHT}" stroke="#94a3b8"/>`,
    `<text x="${LEFT - 6}" y="${TOP + 8}" font-size="9" text-anchor="end">${max}</text>`,
    `<text x="${LEFT - 6}" y="${TOP + CHART_HEIGHT}" font-size="9" text-anchor="end">0</text>`,
    ...bars,
    ...labels,
    '</svg>',
    '',
  ].join('\n');
}
