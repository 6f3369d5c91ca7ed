import { describe, expect, it } from 'vitest';
import type { CompareReport, ScenarioResult } from '../../src/compare/compare-report.js';
import { mergeRecordedReport } from '../../src/compare/recorded-report.js';

function row(
  scenario: string,
  transport: ScenarioResult['transport'],
  profile: ScenarioResult['profile'],
  lost = 0,
): ScenarioResult {
  return {
    transport,
    scenario,
    profile,
    inquiriesAccepted: 12,
    ticketsCreated: 12 - lost,
    lost,
    duplicated: { alerts: 0, messages: 0, deadlines: 0, tickets: 0 },
    staleOverwrites: null,
    deadLetters: [],
    latencyMs: null,
    recoveryMs: null,
    durationMs: 1,
    violations: [],
  };
}

function report(overrides: Partial<CompareReport>): CompareReport {
  return {
    startedAt: '2026-12-01T16:47:00.000Z',
    finishedAt: '2026-12-01T17:30:00.000Z',
    seed: 7,
    inquiries: 12,
    transports: ['memory', 'rabbitmq'],
    scenarios: ['steady', 'consumer-kill'],
    profiles: ['reliable', 'naive'],
    results: [
      row('steady', 'memory', 'reliable'),
      row('steady', 'rabbitmq', 'reliable'),
      row('consumer-kill', 'rabbitmq', 'reliable'),
    ],
    ...overrides,
  };
}

describe('recording a compare run', () => {
  it('adds its rows to the recorded run of the same seed and load, replacing the rows it ran again', () => {
    const recorded = report({});
    const run = report({
      startedAt: '2026-12-01T20:11:00.000Z',
      finishedAt: '2026-12-01T20:22:00.000Z',
      transports: ['rabbitmq', 'kafka'],
      scenarios: ['broker-restart', 'steady'],
      results: [row('steady', 'rabbitmq', 'reliable', 1), row('broker-restart', 'kafka', 'naive', 4)],
    });
    const merged = mergeRecordedReport(recorded, run);
    expect(merged.startedAt).toBe(recorded.startedAt);
    expect(merged.finishedAt).toBe(run.finishedAt);
    expect(merged.transports).toEqual(['memory', 'rabbitmq', 'kafka']);
    expect(merged.scenarios).toEqual(['steady', 'consumer-kill', 'broker-restart']);
    expect(merged.results.map((result) => `${result.scenario} ${result.transport} ${result.lost}`)).toEqual([
      'steady memory 0',
      'steady rabbitmq 1',
      'consumer-kill rabbitmq 0',
      'broker-restart kafka 4',
    ]);
  });

  it('replaces the recorded run when the load differs: rows of two loads side by side compare nothing', () => {
    const run = report({ inquiries: 6, results: [row('steady', 'memory', 'naive')] });
    expect(mergeRecordedReport(report({}), run)).toBe(run);
    const otherSeed = report({ seed: 11 });
    expect(mergeRecordedReport(report({}), otherSeed)).toBe(otherSeed);
    expect(mergeRecordedReport(undefined, run)).toBe(run);
  });
});
