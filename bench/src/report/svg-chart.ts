import type { ScenarioResult } from '../alternating-runner.js';
import type { Scenario } from '../scenarios.js';
import { formatNumber } from './number-format.js';

const WIDTH = 720;
const ROW = 34;
const LABEL = 250;
const TOP = 48;

/** A horizontal bar per contender for the scenario's main figure: median bar, min–max whisker; baselines grey. */
export function svgChart(scenario: Scenario, result: ScenarioResult): string {
  const figure = scenario.figures[0]!;
  const rows = result.contenders.map((contender) => ({
    label: `${contender.label} (${contender.transport})`,
    summary: contender.figures[figure.key],
    baseline: contender.baseline,
  }));
  const highest = Math.max(...rows.map((row) => row.summary?.max ?? 0), Number.MIN_VALUE);
  const scale = (WIDTH - LABEL - 110) / highest;
  const height = TOP + rows.length * ROW + 16;
  const bars = rows.map((row, index) => {
    const y = TOP + index * ROW;
    if (!row.summary) return `<text x="10" y="${y + 20}">${escapeXml(row.label)}: n/a</text>`;
    const { median, min, max } = row.summary;
    const whiskerY = y + 13;
    const x = (value: number) => (LABEL + value * scale).toFixed(1);
    return [
      `<text x="10" y="${y + 18}">${escapeXml(row.label)}</text>`,
      `<rect x="${LABEL}" y="${y + 4}" width="${(median * scale).toFixed(1)}" height="18" fill="${row.baseline ? '#8a8f98' : '#3b6fd8'}"/>`,
      `<line x1="${x(min)}" x2="${x(max)}" y1="${whiskerY}" y2="${whiskerY}" stroke="#111" stroke-width="1.5"/>`,
      `<text x="${(LABEL + max * scale + 8).toFixed(1)}" y="${y + 18}">${formatNumber(median)} ${escapeXml(figure.unit)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" font-size="13">`,
    `<title>${escapeXml(`${result.title}: ${figure.label} per contender`)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-weight="bold">${escapeXml(result.title)}</text>`,
    `<text x="10" y="38" fill="#555">${escapeXml(`${figure.label} (${figure.unit}, ${figure.better} is better), median of ${result.runs} run(s), whisker min–max`)}</text>`,
    ...bars,
    '</svg>',
    '',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
