import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBench } from '../src/bench-command.js';
import type { CliArguments } from '../src/cli-arguments.js';
import { SCENARIOS } from '../src/scenarios.js';

// A tiny run of every scenario through the real command path (child processes, real brokers, all three outputs),
// so the harness cannot rot between benchmark runs. Figures are checked for sanity, not for speed.

const TINY: Record<string, number> = {
  rabbitmq: 200,
  kafka: 200,
  latency: 100,
  outbox: 100,
  memory: 20_000,
  ticketflow: 3,
};

const available = {
  RABBITMQ_URL: Boolean(brokerFromEnvironment('RABBITMQ_URL', 'benchmark smoke (RabbitMQ)')),
  KAFKA_BROKERS: Boolean(brokerFromEnvironment('KAFKA_BROKERS', 'benchmark smoke (Kafka)')),
  DATABASE_URL: Boolean(brokerFromEnvironment('DATABASE_URL', 'benchmark smoke (PostgreSQL)')),
};

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'bench-smoke-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function tinyArguments(scenario: string): CliArguments {
  return {
    scenario,
    transports: undefined,
    contenders: undefined,
    messages: TINY[scenario],
    size: 1_024,
    runs: 1,
    rate: 2_000,
    window: 100,
    out: undefined,
    cpuProfile: false,
  };
}

for (const scenario of SCENARIOS) {
  const ready = scenario.needs.every((variable) => available[variable]);
  describe.runIf(ready)(`bench scenario "${scenario.name}" (smoke)`, () => {
    it('runs every contender once and writes JSON, Markdown and SVG', async () => {
      const printed: string[] = [];
      const directory = path.join(out, scenario.name);
      const { results, files } = await runBench(tinyArguments(scenario.name), directory, (text) =>
        printed.push(text),
      );

      const [{ result }] = results as [(typeof results)[number]];
      expect(result.contenders.map((contender) => contender.label)).toEqual(
        scenario.contenders.map((contender) => contender.label),
      );
      for (const contender of result.contenders) {
        for (const figure of scenario.figures) {
          const summary = contender.figures[figure.key];
          expect(summary, `${contender.label}: ${figure.key}`).toBeDefined();
          expect(Number.isFinite(summary!.median), `${contender.label}: ${figure.key} is a number`).toBe(
            true,
          );
        }
        const { p50, p99, throughput, cpuPerMessage } = contender.figures;
        if (p50 && p99) expect(p99.median).toBeGreaterThanOrEqual(p50.median);
        if (throughput) expect(throughput.median).toBeGreaterThan(0);
        // Moving a message costs some CPU, and not a second of it.
        if (cpuPerMessage) expect(cpuPerMessage.median).toBeGreaterThan(0);
        if (cpuPerMessage) expect(cpuPerMessage.median).toBeLessThan(1_000_000);
        if (contender.baseline) expect(contender.ratios[scenario.figures[0]!.key]).toBeCloseTo(1, 5);
      }

      const json = JSON.parse(await readFile(files.json, 'utf8'));
      expect(json.machine.cores).toBeGreaterThan(0);
      expect(json.results[0].scenario).toBe(scenario.name);
      const markdown = await readFile(files.markdown, 'utf8');
      for (const contender of scenario.contenders) expect(markdown).toContain(contender.label);
      if (scenario.figures.some((figure) => figure.key === 'cpuPerMessage')) {
        expect(markdown).toContain('CPU vs baseline');
      }
      expect(printed.join('\n')).toContain(result.title);
      const svg = await readFile(files.charts[0]!, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(scenario.contenders[0]!.label);
    }, 120_000);
  });
}
