import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { duplicatesOf } from '../../src/compare/compare-report.js';
import { runCompare } from '../../src/compare/compare-run.js';
import { scenariosNamed } from '../../src/compare/compare-scenarios.js';
import { SILENT_PROGRESS } from '../../src/compare/progress-bar.js';
import type { TransportName } from '../../src/config/ticketflow-config.js';

const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'compare on real brokers');
const rabbitmqUrl = brokerFromEnvironment('RABBITMQ_URL', 'compare on RabbitMQ');
const kafkaBrokers = brokerFromEnvironment('KAFKA_BROKERS', 'compare on Kafka');

const transports: TransportName[] = [
  'memory',
  ...(databaseUrl && rabbitmqUrl ? (['rabbitmq'] as const) : []),
  ...(databaseUrl && kafkaBrokers ? (['kafka'] as const) : []),
];

/**
 * `ticketflow compare` on its short profile, as CI runs it: the steady load, DuplicateDelivery and a SIGKILLed
 * Tickets instance, reliable and naive, on every broker reachable here (the in-memory transport always).
 * On memory, RabbitMQ and Kafka together: 215 s at load average 6, 309 s at load average 12 (other work on the
 * machine); most of it starts the four supervised deployments (eight processes each).
 */
describe('ticketflow compare, short profile', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'ticketflow-compare-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it(`runs on ${transports.join(', ')}: the reliable profile keeps every invariant, the naive one shows the duplicates it invites`, async () => {
    const report = await runCompare({
      transports,
      scenarios: scenariosNamed('short'),
      profiles: ['reliable', 'naive'],
      inquiries: 6,
      seed: 11,
      outDir,
      env: process.env,
      cli,
      progress: SILENT_PROGRESS,
    });
    expect(report.results).toHaveLength(transports.length * 3 * 2);
    for (const result of report.results) {
      const where = `${result.scenario} on ${result.transport}, ${result.profile}`;
      if (result.scenario === 'consumer-kill' && result.transport === 'memory') {
        expect(result.skipped, where).toMatch(/one process/);
        continue;
      }
      expect(result.skipped, where).toBeUndefined();
      expect(result.inquiriesAccepted, where).toBe(6);
      if (result.profile === 'reliable') {
        expect(result.violations, where).toEqual([]);
        expect(result.ticketsCreated, where).toBe(6);
        expect(result.latencyMs, where).not.toBeNull();
      }
    }
    // The control: without the inbox, the duplicate delivery doubles the incident alerts on every broker.
    for (const transport of transports) {
      const naive = report.results.find(
        (result) =>
          result.transport === transport &&
          result.scenario === 'duplicate-delivery' &&
          result.profile === 'naive',
      )!;
      expect(naive.duplicated.alerts, `naive duplicate-delivery on ${transport}`).toBeGreaterThan(0);
      expect(duplicatesOf(naive)).toBe(
        naive.violations.filter((text) => /raised \d+ alerts|copies/.test(text)).length,
      );
    }
    expect(JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')).results).toHaveLength(
      report.results.length,
    );
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toContain(
      '| duplicate-delivery | memory | naive |',
    );
    expect(readFileSync(join(outDir, 'chart.svg'), 'utf8')).toMatch(/^<svg[^>]+role="img"/);
    expect(existsSync(join(outDir, 'report.md'))).toBe(true);
  }, 420_000);
});
