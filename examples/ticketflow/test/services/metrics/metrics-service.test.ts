import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTicketFlow } from '../../../src/embedded.js';
import type { InstanceMetrics } from '../../../src/services/metrics/metrics-history.js';
import {
  eventually,
  ok,
  startTestFlow,
  submitInquiry,
  transportSuites,
} from '../sla/ticketflow-test-client.js';

for (const suite of transportSuites('Metrics service')) {
  describe.runIf(suite.ready)(`Metrics service (embedded runtime, ${suite.transport})`, () => {
    let flow: RunningTicketFlow;

    beforeAll(async () => {
      flow = await startTestFlow({ ...suite.options, timing: { metricsIntervalMs: 50 } });
    }, 120_000);
    afterAll(async () => {
      await flow?.stop();
    });

    it('serves the latest tick of every running service with a bounded history', async () => {
      const snapshot = await eventually(
        'every service has more than 20 ticks',
        async () => {
          const services = await ok<InstanceMetrics[]>(flow, 'GET', '/api/metrics/services');
          const complete = services.length === 6 && services.every((entry) => entry.history.length === 20);
          return complete ? services : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 100 },
      );
      expect(snapshot.map((entry) => entry.service)).toEqual([
        'communication',
        'inquiries',
        'metrics',
        'sla',
        'tickets',
        'translations',
      ]);
      for (const entry of snapshot) {
        expect(entry.instanceId).toBe(flow.config.instanceId);
        expect(entry.latest).toEqual(entry.history[entry.history.length - 1]);
        expect(['Healthy', 'Error', 'Unknown']).toContain(entry.latest.status);
        const times = entry.history.map((tick) => tick.at);
        expect(times).toEqual([...times].sort());
      }
    });
  });
}

describe('Metrics of a message being retried', () => {
  let flow: RunningTicketFlow;

  beforeAll(async () => {
    // One long delayed retry, so the message is visibly waiting for it.
    flow = await startTestFlow({ timing: { metricsIntervalMs: 100, retryDelaysMs: [3_000] } });
  }, 120_000);
  afterAll(async () => {
    await flow?.stop();
  });

  it('counts immediate and delayed retries, and shows the message waiting for its delayed retry', async () => {
    await ok(flow, 'POST', '/api/tickets/anomalies', {
      anomalyType: 'ConsumerErrorBeforeHandler',
      messageType: 'inquiries.inquiry-submitted',
      params: {},
    });
    await submitInquiry(flow, 'retried@example.com');
    const ticks = await eventually(
      'a tick of tickets shows the message waiting for its retry',
      async () => {
        const services = await ok<InstanceMetrics[]>(flow, 'GET', '/api/metrics/services');
        const history = services.find((entry) => entry.service === 'tickets')?.history ?? [];
        return history.some((tick) => tick.retrying === 1) ? history : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    // Two immediate retries and one delayed retry of the first delivery, counted as they happen.
    expect(ticks.reduce((sum, tick) => sum + tick.retries, 0)).toBe(3);
    expect(ticks.reduce((sum, tick) => sum + tick.failures, 0)).toBe(3);
  });
});
