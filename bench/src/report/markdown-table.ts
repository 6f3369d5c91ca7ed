import type { ScenarioResult } from '../alternating-runner.js';
import type { Scenario } from '../scenarios.js';
import { formatNumber } from './number-format.js';

/** One scenario as a Markdown table: median (spread) per figure, and the ratio to the raw client. */
export function markdownTable(scenario: Scenario, result: ScenarioResult): string {
  const primary = scenario.figures[0]!;
  const hasBaseline = result.contenders.some((contender) => contender.baseline);
  const header = [
    'contender',
    ...scenario.figures.map((figure) => `${figure.label} (${figure.unit})`),
    ...(hasBaseline ? [`${primary.label} vs baseline`] : []),
  ];
  const rows = result.contenders.map((contender) => {
    const cells = scenario.figures.map((figure) => {
      const summary = contender.figures[figure.key];
      return summary ? `${formatNumber(summary.median)} ±${summary.spreadPercent.toFixed(0)}%` : 'n/a';
    });
    const ratio = contender.ratios[primary.key];
    const ratioCell = hasBaseline ? [ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}×`] : [];
    return [`${contender.label} (${contender.transport})`, ...cells, ...ratioCell];
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
