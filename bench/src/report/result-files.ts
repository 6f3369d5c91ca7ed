import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ScenarioResult } from '../alternating-runner.js';
import type { MeasuredCode } from '../built-packages.js';
import type { Scenario } from '../scenarios.js';
import { describeMachine, machineLine } from './machine.js';
import { markdownTable } from './markdown-table.js';
import { svgChart } from './svg-chart.js';

export interface WrittenFiles {
  readonly json: string;
  readonly markdown: string;
  readonly charts: readonly string[];
}

const CODE_LINE: Readonly<Record<MeasuredCode, string>> = {
  built: 'our packages as built (dist)',
  sources: 'our packages from their sources through tsx (slower than a build)',
};

/** Writes `results.json`, `results.md` and one `bench-<scenario>.svg` per scenario into `directory`. */
export async function writeResultFiles(
  directory: string,
  results: readonly { readonly scenario: Scenario; readonly result: ScenarioResult }[],
  code: MeasuredCode,
): Promise<WrittenFiles> {
  await mkdir(directory, { recursive: true });
  const machine = describeMachine();
  const json = path.join(directory, 'results.json');
  await writeFile(json, formattedJson({ machine, code, results: results.map((r) => r.result) }));
  const markdown = path.join(directory, 'results.md');
  const tables = results.map(({ scenario, result }) => markdownTable(scenario, result));
  await writeFile(
    markdown,
    [`Measured on ${machineLine(machine)}, ${CODE_LINE[code]}.`, '', ...tables].join('\n'),
  );
  const charts: string[] = [];
  for (const { scenario, result } of results) {
    const chart = path.join(directory, `bench-${scenario.name}.svg`);
    await writeFile(chart, svgChart(scenario, result));
    charts.push(chart);
  }
  return { json, markdown, charts };
}

const LINE_WIDTH = 110;

/**
 * JSON laid out the way the repository's formatter lays it out (short arrays of numbers on one line), so result
 * files written into the tree pass `biome check` unchanged.
 */
function formattedJson(value: unknown): string {
  const expanded = JSON.stringify(value, null, 2);
  const collapsed = expanded.replace(
    /^( *)("[^"]*": )?\[\n((?:\s*[-\d.eE+]+,?\n)+)\s*\]/gm,
    (whole, indent: string, name: string | undefined, items: string) => {
      const line = `${indent}${name ?? ''}[${items
        .trim()
        .split(/,?\s*\n\s*/)
        .join(', ')}]`;
      return line.length <= LINE_WIDTH ? line : whole;
    },
  );
  return `${collapsed}\n`;
}
