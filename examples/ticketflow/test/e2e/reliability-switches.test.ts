import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES, profileOf, type ReliabilityFeatures } from '../../src/config/reliability-profile.js';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import type { ServiceModule } from '../../src/runtime/service-module.js';
import { metricsService } from '../../src/services/metrics/metrics-service.js';
import { recordingLogger } from '../support/recording-logger.js';
import { eventually, TicketFlowClient } from '../support/ticketflow-client.js';

const SWITCHES = ['outbox', 'inbox', 'retries', 'orderingGuard', 'partitioning'] as const;

/** All 32 combinations of the five switches, each one a bit of the index. */
const COMBINATIONS: ReliabilityFeatures[] = Array.from(
  { length: 2 ** SWITCHES.length },
  (_, index) =>
    Object.fromEntries(
      SWITCHES.map((name, bit) => [name, Boolean(index & (1 << bit))]),
    ) as unknown as ReliabilityFeatures,
);

interface SystemOverview {
  profile: string;
  features: ReliabilityFeatures;
  services: { name: string; health: { status?: string; message?: string } }[];
}

/** A metrics service that refuses to start once, when told to: a start failure the runtime must survive. */
function metricsFailingOnce(): ServiceModule & { failNextStart: boolean } {
  const metrics = metricsService();
  const module = {
    ...metrics,
    failNextStart: false,
    configure(context: Parameters<ServiceModule['configure']>[0]) {
      if (module.failNextStart) {
        module.failNextStart = false;
        throw new Error('the metrics store is read-only');
      }
      metrics.configure(context);
    },
  };
  return module;
}

describe('reliability switches at run time (embedded, in-memory transport)', () => {
  const logger = recordingLogger();
  const metrics = metricsFailingOnce();
  let ticketflow: RunningTicketFlow;
  let api: TicketFlowClient;

  beforeAll(async () => {
    ticketflow = await startTicketFlow({
      port: 0,
      dataDir: undefined,
      databaseUrl: undefined,
      logger,
      modules: { metrics },
      timing: { metricsIntervalMs: 60_000 },
    });
    api = new TicketFlowClient(ticketflow.url);
  }, 120_000);

  afterAll(async () => {
    await ticketflow?.stop();
  });

  const put = (body: unknown) =>
    api.post<{ message?: string; features: ReliabilityFeatures }>('/api/system/features', body, 'PUT');

  const expectAllHealthy = async (features: ReliabilityFeatures) => {
    const system = await api.ok<SystemOverview>('/api/system');
    expect(system.features).toEqual(features);
    expect(system.profile).toBe(profileOf(features));
    expect(
      Object.fromEntries(
        system.services.map((service) => [service.name, service.health.status ?? service.health.message]),
      ),
    ).toEqual({
      inquiries: 'healthy',
      translations: 'healthy',
      tickets: 'healthy',
      sla: 'healthy',
      communication: 'healthy',
      metrics: 'healthy',
    });
  };

  const inquiryBecomesTicket = async (label: string) => {
    const submitted = await api.post<{ id: string }>('/api/inquiries/submit', {
      name: 'Switch Tester',
      email: 'switches@example.com',
      title: `Switches ${label}`,
      description: 'Does the flow still work with these switches?',
      category: 'technical',
    });
    expect(submitted.status).toBe(202);
    await eventually(async () => {
      const ticket = await api.get<{ status: string }>(`/api/tickets/${submitted.body.id}`);
      expect(ticket.status, `the ticket of "${label}"`).toBe(200);
      expect(ticket.body.status).toBe('BeforeQualification');
    }, 10_000);
  };

  it('applies each of the 32 combinations, every service keeps running and an inquiry still becomes a ticket', async () => {
    for (const features of COMBINATIONS) {
      const label = SWITCHES.map((name) => `${name}=${features[name] ? 'on' : 'off'}`).join(' ');
      const answer = await put({ features });
      expect(answer.status, `${label}: ${answer.body.message}`).toBe(200);
      expect(answer.body.features).toEqual(features);
      await expectAllHealthy(features);
      await inquiryBecomesTicket(label);
    }
  }, 120_000);

  it('switches whole profiles, naive then reliable', async () => {
    for (const profile of ['naive', 'reliable'] as const) {
      expect((await put({ profile })).status).toBe(200);
      await expectAllHealthy(PROFILES[profile]);
      await inquiryBecomesTicket(profile);
    }
  }, 30_000);

  it('reports a service that cannot start with a reason and a log line, and keeps every service running', async () => {
    expect((await put({ profile: 'reliable' })).status).toBe(200);
    metrics.failNextStart = true;
    const answer = await put({ features: { inbox: false } });
    expect(answer.status).toBe(500);
    expect(answer.body.message).toBe(
      'The reliability settings could not be applied: Service metrics could not start: the metrics store is read-only. The services run with the previous settings (reliable).',
    );
    expect(
      logger.entries.filter(
        (entry) =>
          entry.level === 'error' &&
          entry.message === 'Reliability features could not be applied; restoring the previous ones',
      ),
    ).toHaveLength(1);
    await expectAllHealthy(PROFILES.reliable);
    await inquiryBecomesTicket('after a failed switch');
  }, 30_000);

  it('tells open browsers when the settings changed', async () => {
    const controller = new AbortController();
    const response = await fetch(`${api.url}/api/live`, { signal: controller.signal });
    const reader = response.body!.getReader();
    try {
      expect((await put({ profile: 'naive' })).status).toBe(200);
      let received = '';
      while (!received.includes('event: system\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += new TextDecoder().decode(value);
      }
      expect(received).toContain('event: system\ndata: {"profile":"naive"');
    } finally {
      controller.abort();
    }
  });
});
