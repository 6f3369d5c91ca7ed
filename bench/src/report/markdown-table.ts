import type { ScenarioResult } from '../alternating-runner.js';
import type { Scenario } from '../scenarios.js';
import { formatNumber } from './number-format.js';

/** Figures compared with the baseline besides the primary one: the CPU a message costs. */
const ALSO_COMPARED = new Set(['cpuPerMessage']);

/** One scenario as a Markdown table: median (spread) per figure, and the ratios to the raw client. */
export function markdownTable(scenario: Scenario, result: ScenarioResult): string {
  const primary = scenario.figures[0]!;
  const hasBaseline = result.contenders.some((contender) => contender.baseline);
  const compared = hasBaseline
    ? [primary, ...scenario.figures.filter((figure) => figure !== primary && ALSO_COMPARED.has(figure.key))]
    : [];
  const header = [
    'contender',
    ...scenario.figures.map((figure) => `${figure.label} (${figure.unit})`),
    ...compared.map((figure) => `${figure.label} vs baseline`),
  ];
  const rows = result.contenders.map((contender) => {
    const cells = scenario.figures.map((figure) => {
      const summary = contender.figures[figure.key];
      return summary ? `${formatNumber(summary.median)} ±${summary.spreadPercent.toFixed(0)}%` : 'n/a';
    });
    const ratioCells = compared.map((figure) => {
      const ratio = contender.ratios[figure.key];
      return ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}×`;
    });
    return [`${contender.label} (${contender.transport})`, ...cells, ...ratioCells];
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const { messages, size, ratePerSecond } = result.params;
  const load = ratePerSecond
    ? `${ratePerSecond} msg/s for ${messages / ratePerSecond} s`
    : `${messages} messages`;
  return [
    `### ${result.title}`,
    '',
    `${load} of ${size} B, ${result.runs} run(s) per contender alternating; median ±spread ((max−min)/median).`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
  ].join('\n');
}
