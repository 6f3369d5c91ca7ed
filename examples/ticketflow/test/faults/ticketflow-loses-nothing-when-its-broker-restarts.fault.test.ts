import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { restartService } from '../../../../scripts/test-support/service-drill.js';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import { drillBrokers, drillDatabase } from '../support/drill-brokers.js';
import { eventually } from '../support/eventually.js';
import { asCustomer, TicketFlowClient } from '../support/ticketflow-client.js';

const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'TicketFlow restart drill');
const brokers = drillBrokers('TicketFlow restart drill');

const INQUIRIES = 30;

/**
 * TicketFlow with every service on a real broker and PostgreSQL: inquiries come in over HTTP at a steady pace (a
 * client retries what is refused), the broker restarts mid-way with its data, then every ticket is qualified as an
 * incident. Afterwards the database must show each accepted inquiry as exactly one ticket, one SLA deadline and one
 * incident alert, and no outbox row left unsent.
 */
describe.runIf(databaseUrl)('TicketFlow during a broker restart', () => {
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  afterAll(() => admin.end());

  for (const broker of brokers) {
    it.runIf(broker.url)(
      `loses nothing on ${broker.transport}: every inquiry is one ticket, one deadline and one alert`,
      async () => {
        const drillDb = await drillDatabase(admin, databaseUrl!, broker);
        let flow: RunningTicketFlow | undefined;
        try {
          flow = await startTicketFlow({
            ...drillDb.options,
            timing: { retryDelaysMs: [500, 2_000, 5_000] },
          });
          const api = new TicketFlowClient(flow.url);
          const db = new pg.Pool({ connectionString: drillDb.url, max: 2 });
          try {
            const report = await drill(api, () => restartService(broker.service));
            const invariants = await checkInvariants(db);
            process.stdout.write(
              `\n[fault drill] TicketFlow on ${broker.transport}, broker restart: ${report.accepted} inquiries ` +
                `accepted (${report.refused} refused and retried), restart ${(report.restartMs / 1000).toFixed(1)} s, ` +
                `every ticket created ${(report.ticketsAfterMs / 1000).toFixed(1)} s after it was back; ` +
                `${JSON.stringify(invariants)}\n`,
            );
            expect(invariants).toEqual({
              inquiries: INQUIRIES,
              ticketsPerInquiry: [1],
              inquiriesInProgress: INQUIRIES,
              deadlinesPerTicket: [1],
              incidentAlertsPerTicket: [1],
              unsentOutboxRows: 0,
            });
            const health = await api
              .ok<{ services: { name: string; health: { ready: boolean } }[] }>('/api/system')
              .catch(() => undefined);
            if (health) expect(health.services.every((service) => service.health.ready)).toBe(true);
          } finally {
            await db.end();
          }
        } finally {
          await stopReportingWhatHolds(flow);
          await drillDb.drop();
        }
      },
      600_000,
    );
  }
});

async function drill(api: TicketFlowClient, restart: () => Promise<void>) {
  let refused = 0;
  let restarted: { from: number; to: number } | undefined;
  let restarting: Promise<void> | undefined;
  const submit = async (index: number) => {
    for (;;) {
      const { status, body } = await api.post<{ id: string }>('/api/inquiries/submit', {
        name: `Drill Customer ${index}`,
        email: `drill-${index}@example.com`,
        title: `Inquiry ${index} during a broker restart`,
        description: 'The office printer prints blank pages since this morning; please have a look.',
        category: 'technical',
      });
      if (status === 202) return body.id;
      expect(status, 'only "unavailable" may be refused').toBe(503);
      refused++;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const ids: string[] = [];
  for (let index = 0; index < INQUIRIES; index++) {
    if (index === INQUIRIES / 3) {
      const from = Date.now();
      restarting = restart().then(() => {
        restarted = { from, to: Date.now() };
      });
    }
    ids.push(await submit(index));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await restarting;
  const tickets = await eventually(
    'every inquiry has its ticket',
    async () => {
      const found = await Promise.all(
        // The customer area answers only the customer who submitted (X-Customer-Email).
        ids.map(
          async (id, index) =>
            (
              await api.get<{ ticketId?: string | null }>(
                `/api/inquiries/${id}`,
                asCustomer(`drill-${index}@example.com`),
              )
            ).body.ticketId,
        ),
      );
      expect(found.every(Boolean)).toBe(true);
      return found as string[];
    },
    { timeoutMs: 120_000 },
  );
  const ticketsAfterMs = Date.now() - restarted!.to;
  for (const ticketId of tickets) {
    for (;;) {
      const { status } = await api.post(`/api/tickets/${ticketId}/qualify`, {
        ticketType: 'Incident',
        severityLevel: 'High',
      });
      if (status === 200) break;
      expect(status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return { accepted: ids.length, refused, restartMs: restarted!.to - restarted!.from, ticketsAfterMs };
}

/** What the services' own tables say, once every qualification had time to reach SLA and Communication. */
async function checkInvariants(db: pg.Pool) {
  const spread = async (sql: string) =>
    (await db.query<{ n: number }>(sql)).rows
      .map((row) => Number(row.n))
      .filter((n, i, all) => all.indexOf(n) === i);
  return eventually(
    'the invariants hold in PostgreSQL',
    async () => {
      const invariants = {
        inquiries: Number((await db.query('SELECT count(*) AS n FROM inquiries.inquiries')).rows[0].n),
        ticketsPerInquiry: await spread(
          `SELECT count(t.id) AS n FROM inquiries.inquiries i LEFT JOIN tickets.tickets t ON t.inquiry_id = i.id GROUP BY i.id`,
        ),
        inquiriesInProgress: Number(
          (await db.query(`SELECT count(*) AS n FROM inquiries.inquiries WHERE status = 'InProgress'`))
            .rows[0].n,
        ),
        deadlinesPerTicket: await spread(
          `SELECT count(d.id) AS n FROM tickets.tickets t
         LEFT JOIN sla.deadline_reminders d ON d.service_source_id = t.id GROUP BY t.id`,
        ),
        incidentAlertsPerTicket: await spread(
          `SELECT count(a.id) AS n FROM tickets.tickets t
         LEFT JOIN communication.alerts a ON a.type = 'Incident' AND a.message LIKE '%“' || t.title || '”%'
         GROUP BY t.id`,
        ),
        unsentOutboxRows: await unsentRows(db),
      };
      expect(invariants.deadlinesPerTicket).toEqual([1]);
      expect(invariants.incidentAlertsPerTicket).toEqual([1]);
      expect(invariants.unsentOutboxRows).toBe(0);
      return invariants;
    },
    { timeoutMs: 60_000 },
  );
}

async function unsentRows(db: pg.Pool): Promise<number> {
  const schemas = await db.query<{ schema: string }>(
    `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'outbox'`,
  );
  let unsent = 0;
  for (const { schema } of schemas.rows) {
    const { rows } = await db.query(`SELECT count(*) AS n FROM "${schema}".outbox WHERE sent_at IS NULL`);
    unsent += Number(rows[0].n);
  }
  return unsent;
}

/**
 * Stops TicketFlow; should that take longer than a minute (each bus gives up on its transport after its shutdown
 * timeout, so it should not), says what still holds the process, so a hang in CI names its cause.
 */
async function stopReportingWhatHolds(flow: RunningTicketFlow | undefined): Promise<void> {
  const watchdog = setTimeout(() => {
    process.stderr.write(
      `[fault drill] TicketFlow still stopping after 60 s; active resources: ${JSON.stringify(process.getActiveResourcesInfo())}\n`,
    );
  }, 60_000);
  try {
    await flow?.stop();
  } finally {
    clearTimeout(watchdog);
  }
}
