import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startService, stopService } from '../../../../scripts/test-support/service-drill.js';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import { drillBrokers, drillDatabase } from '../support/drill-brokers.js';
import { eventually } from '../support/eventually.js';
import { asCustomer, TicketFlowClient } from '../support/ticketflow-client.js';

const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'TicketFlow stop with the broker down');
const brokers = drillBrokers('TicketFlow stop with the broker down');

/**
 * Well under the bus's 30 s shutdown timeout. Before each stop waited for the broker, service after service: 58 s
 * on RabbitMQ and 109 s on Kafka for the six services (measured); now about 0.1 s and 6 s.
 */
const PROMPT_STOP_MS = 20_000;

/**
 * An operator stops TicketFlow (Ctrl-C) while its broker is down, with an inquiry accepted during the outage still
 * in the outbox. The stop must not wait for a broker that is not there; and once the broker and TicketFlow are back,
 * that inquiry becomes its ticket like any other.
 */
describe.runIf(databaseUrl)('TicketFlow stopped while its broker is down', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  afterAll(() => admin.end());

  for (const broker of brokers) {
    it.runIf(broker.url)(
      `stops promptly on ${broker.transport}, and what it accepted meanwhile is handled after the restart`,
      async () => {
        const drillDb = await drillDatabase(admin, databaseUrl!, broker);
        const { options } = drillDb;
        let flow: RunningTicketFlow | undefined;
        let brokerDown = false;
        try {
          flow = await startTicketFlow(options);
          const before = await submit(new TicketFlowClient(flow.url), 'before');
          await ticketOf(new TicketFlowClient(flow.url), before);

          await stopService(broker.service);
          brokerDown = true;
          const during = await submit(new TicketFlowClient(flow.url), 'during');
          const stopping = Date.now();
          await flow.stop();
          flow = undefined;
          const stopMs = Date.now() - stopping;

          await startService(broker.service);
          brokerDown = false;
          flow = await startTicketFlow(options);
          const ticket = await ticketOf(new TicketFlowClient(flow.url), during);
          process.stdout.write(
            `\n[fault drill] TicketFlow on ${broker.transport} stopped in ${(stopMs / 1000).toFixed(1)} s with its broker down; ` +
              `the inquiry accepted meanwhile became ticket ${ticket} after the restart\n`,
          );
          expect(stopMs).toBeLessThan(PROMPT_STOP_MS);
        } finally {
          if (brokerDown) await startService(broker.service);
          await flow?.stop();
          await drillDb.drop();
        }
      },
      300_000,
    );
  }
});

/** Submits an inquiry as its customer would; the 202 means it is in the database and its event in the outbox. */
async function submit(api: TicketFlowClient, name: string): Promise<{ id: string; email: string }> {
  const email = `stop-${name}@example.com`;
  const { status, body } = await api.post<{ id: string }>('/api/inquiries/submit', {
    name: `Customer ${name}`,
    email,
    title: `Inquiry ${name} the outage`,
    description: 'The office printer prints blank pages since this morning; please have a look.',
    category: 'technical',
  });
  expect(status).toBe(202);
  return { id: body.id, email };
}

async function ticketOf(api: TicketFlowClient, inquiry: { id: string; email: string }): Promise<string> {
  return eventually(
    'the inquiry has its ticket',
    async () => {
      const { body } = await api.get<{ ticketId?: string | null }>(
        `/api/inquiries/${inquiry.id}`,
        asCustomer(inquiry.email),
      );
      expect(body.ticketId).toBeTruthy();
      return body.ticketId!;
    },
    { timeoutMs: 120_000 },
  );
}
