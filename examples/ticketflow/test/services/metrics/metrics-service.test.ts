import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTicketFlow } from '../../../src/embedded.js';
import type { InstanceMetrics } from '../../../src/services/metrics/metrics-history.js';
import { eventually, ok, startTestFlow, transportSuites } from '../sla/ticketflow-test-client.js';

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
