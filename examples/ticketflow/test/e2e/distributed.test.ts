import { randomUUID } from 'node:crypto';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import { eventually } from '../support/eventually.js';
import { TicketFlowClient } from '../support/ticketflow-client.js';

const rabbitmqUrl = brokerFromEnvironment('RABBITMQ_URL', 'distributed TicketFlow on RabbitMQ');
const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'distributed TicketFlow on PostgreSQL');
// Our Service Bus emulator (scripts/services.sh); its HTTPS certificate is trusted through NODE_EXTRA_CA_CERTS.
const asbConnectionString = brokerFromEnvironment(
  'ASB_EMULATOR_CONNECTION_STRING',
  'distributed TicketFlow on Azure Service Bus',
);

const suites = [
  { transport: 'rabbitmq' as const, ready: Boolean(rabbitmqUrl) },
  { transport: 'asb' as const, ready: Boolean(asbConnectionString) },
];

/**
 * TicketFlow as separate processes would run it: a services process, a second instance of Tickets, and a web
 * process that owns no service and forwards /api/<service>. Here they share a Node process but nothing else: each
 * has its own broker connections, database pool and instance id.
 */
for (const { transport, ready } of suites) describeDistributed(transport, ready);

function describeDistributed(transport: 'rabbitmq' | 'asb', ready: boolean): void {
  describe.runIf(ready && databaseUrl)(`distributed TicketFlow on ${transport}`, () => {
    const database = `tf_dist_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    const running: RunningTicketFlow[] = [];
    let web: TicketFlowClient;
    let services: TicketFlowClient;
    let secondTickets: TicketFlowClient;

    beforeAll(async () => {
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(databaseUrl!);
      url.pathname = `/${database}`;
      const common = {
        port: 0,
        transport,
        rabbitmqUrl,
        asbConnectionString,
        databaseUrl: url.toString(),
        dataDir: undefined,
        brokerPrefix: `tfd${randomUUID().slice(0, 6)}.`,
        logLevel: 'silent' as const,
        timing: { retryDelaysMs: [100, 300] },
      };
      const all = await startTicketFlow({ ...common, web: false });
      running.push(all);
      const second = await startTicketFlow({ ...common, web: false, services: ['tickets'] });
      running.push(second);
      const serviceUrls = Object.fromEntries(
        (['inquiries', 'translations', 'tickets', 'sla', 'communication', 'metrics'] as const).map((name) => [
          name,
          all.url,
        ]),
      );
      const front = await startTicketFlow({ ...common, services: [], web: true, serviceUrls });
      running.push(front);
      web = new TicketFlowClient(front.url);
      services = new TicketFlowClient(all.url);
      secondTickets = new TicketFlowClient(second.url);
    }, 180_000);

    afterAll(async () => {
      for (const instance of running.reverse()) await instance.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }, 60_000);

    it('the web process forwards the API and reports every service', async () => {
      const system = await web.ok<{
        transport: string;
        services: { name: string; local: boolean; health: { status: string } }[];
      }>('/api/system');
      expect(system.transport).toBe(transport);
      expect(system.services.map((service) => [service.name, service.local, service.health.status])).toEqual(
        ['inquiries', 'translations', 'tickets', 'sla', 'communication', 'metrics'].map((name) => [
          name,
          false,
          'healthy',
        ]),
      );
    });

    it('two instances of Tickets compete for inquiries; every inquiry becomes exactly one ticket', async () => {
      const ids: string[] = [];
      for (let index = 0; index < 12; index++) {
        const { status, body } = await web.post<{ id: string }>('/api/inquiries/submit', {
          name: 'Distributed Dan',
          email: 'dan@example.com',
          title: `Request ${index}`,
          description: 'A request handled by whichever Tickets instance is free.',
          category: 'other',
        });
        expect(status).toBe(202);
        ids.push(body.id);
      }
      await eventually(
        'the web process lists every ticket',
        async () => {
          const { data, totalCount } = await web.ok<{ data: { id: string }[]; totalCount: number }>(
            '/api/tickets?limit=100',
          );
          expect(ids.every((id) => data.some((ticket) => ticket.id === id))).toBe(true);
          expect(totalCount).toBe(ids.length);
        },
        { timeoutMs: 30_000 },
      );
    });

    it('an anomaly enabled through one instance is applied by every instance of the service, and removed likewise', async () => {
      const anomaly = {
        anomalyType: 'ConsumerDelayBeforeHandler',
        messageType: 'tickets.ticket-created',
        params: { delayInMs: 10 },
      };
      expect((await web.post('/api/tickets/anomalies', anomaly)).status).toBe(201);
      for (const instance of [services, secondTickets]) {
        await eventually('the instance applied the anomaly', async () => {
          const active =
            await instance.ok<{ anomalyType: string; params: { delayInMs: number } }[]>(
              '/api/tickets/anomalies',
            );
          expect(active).toEqual([
            expect.objectContaining({
              anomalyType: 'ConsumerDelayBeforeHandler',
              params: expect.objectContaining({ delayInMs: 10 }),
            }),
          ]);
        });
      }
      const removed = await fetch(
        `${web.url}/api/tickets/anomalies/ConsumerDelayBeforeHandler/messages/tickets.ticket-created`,
        {
          method: 'DELETE',
        },
      );
      expect(removed.status).toBe(200);
      for (const instance of [services, secondTickets]) {
        await eventually('the instance removed the anomaly', async () =>
          expect(await instance.ok('/api/tickets/anomalies')).toEqual([]),
        );
      }
    });
  });
}
