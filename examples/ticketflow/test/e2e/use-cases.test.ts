import { randomUUID } from 'node:crypto';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransportName } from '../../src/config/ticketflow-config.js';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import { inquiriesService } from '../../src/services/inquiries/inquiries-service.js';
import { translationsService } from '../../src/services/translations/translations-service.js';
import { settableDetector, settableTranslator } from '../support/fake-collaborators.js';
import { asCustomer, eventually, TicketFlowClient } from '../support/ticketflow-client.js';

interface Ticket {
  id: string;
  status: string;
  deadline: string | null;
  translationStatus: string;
  descriptionTranslated: string | null;
  agentId: string | null;
  version: number;
  history: { status: string; note: string }[];
}

const SUPERVISOR = '00000000-0000-0000-0000-000000000001';
const AGENT = '00000000-0000-0000-0000-000000000003';
const databaseUrl = process.env.DATABASE_URL;

/** Each suite runs TicketFlow on one transport; broker ones also use a fresh PostgreSQL database. */
const suites: { transport: TransportName; ready: boolean }[] = [
  { transport: 'memory', ready: true },
  { transport: 'rabbitmq', ready: Boolean(brokerFromEnvironment('RABBITMQ_URL', 'TicketFlow on RabbitMQ')) },
  { transport: 'kafka', ready: Boolean(brokerFromEnvironment('KAFKA_BROKERS', 'TicketFlow on Kafka')) },
  // Our Service Bus emulator (scripts/services.sh); its HTTPS certificate is trusted through NODE_EXTRA_CA_CERTS.
  {
    transport: 'asb',
    ready: Boolean(
      brokerFromEnvironment('ASB_EMULATOR_CONNECTION_STRING', 'TicketFlow on Azure Service Bus'),
    ),
  },
];

for (const { transport, ready } of suites) {
  describe.runIf(ready)(`TicketFlow use cases on ${transport}`, () => {
    const detector = settableDetector('en');
    const translator = settableTranslator('');
    const database = `tf_e2e_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    const admin =
      transport !== 'memory' && databaseUrl
        ? new pg.Pool({ connectionString: databaseUrl, max: 1 })
        : undefined;
    let ticketflow: RunningTicketFlow;
    let api: TicketFlowClient;

    beforeAll(async () => {
      let url: string | undefined;
      if (admin) {
        if (!databaseUrl) throw new Error('DATABASE_URL is needed for the broker suites');
        await admin.query(`CREATE DATABASE ${database}`);
        const parsed = new URL(databaseUrl);
        parsed.pathname = `/${database}`;
        url = parsed.toString();
      }
      ticketflow = await startTicketFlow({
        port: 0,
        dataDir: undefined,
        databaseUrl: url,
        transport,
        asbConnectionString: process.env.ASB_EMULATOR_CONNECTION_STRING,
        brokerPrefix: `tf${randomUUID().slice(0, 6)}.`,
        logLevel: 'silent',
        modules: {
          inquiries: inquiriesService({ detectLanguage: detector }),
          translations: translationsService({ translator }),
        },
        timing: {
          retryDelaysMs: [100, 300],
          reminderIntervalMs: 200,
          breachCheckIntervalMs: 200,
          breachRealertMs: 60_000,
          metricsIntervalMs: 500,
        },
      });
      api = new TicketFlowClient(ticketflow.url);
      // A customer with deadlines of seconds, so the SLA's reminders and breaches happen during the test.
      const spans = JSON.stringify({ Low: 4_000, Medium: 3_000, High: 2_000, Critical: 1_000 });
      await ticketflow.runtime
        .host('sla')!
        .current()
        .query(
          `INSERT INTO sla.signed_slas (company_name, domain, client_tier, response_deadlines)
           VALUES ('Fast Co', 'fast.test', 'VIP', jsonb_build_object('IncidentTicket', $1::jsonb, 'QuestionTicket', $1::jsonb))
           ON CONFLICT (domain) DO NOTHING`,
          [spans],
        );
    }, 180_000);

    afterAll(async () => {
      await ticketflow?.stop();
      if (admin) {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.end();
      }
    }, 60_000);

    const submit = async (overrides: Record<string, string> = {}) => {
      const { status, body } = await api.post<{ id: string }>('/api/inquiries/submit', {
        name: 'Ada Customer',
        email: 'ada@example.com',
        title: 'Printer does not print',
        description: 'Since yesterday my printer prints only blank pages.',
        category: 'technical',
        ...overrides,
      });
      expect(status).toBe(202);
      return body.id;
    };
    const ticketWhen = (id: string, condition: (ticket: Ticket) => boolean, timeoutMs?: number) =>
      eventually(async () => {
        const { status, body } = await api.get<Ticket>(`/api/tickets/${id}`);
        expect(status).toBe(200);
        expect(condition(body), JSON.stringify(body)).toBe(true);
        return body;
      }, timeoutMs);

    it('UC-1/3/4: an English inquiry becomes a ticket and the inquiry follows it', async () => {
      detector.answer = 'en';
      const id = await submit();
      const ticket = await ticketWhen(id, (t) => t.status === 'BeforeQualification');
      expect(ticket.translationStatus).toBe('NotNeeded');
      const inquiry = await eventually(async () => {
        const body = await api.ok<{ status: string; ticketId: string | null }>(
          `/api/inquiries/${id}`,
          asCustomer('ada@example.com'),
        );
        expect(body.status).toBe('InProgress');
        return body;
      });
      expect(inquiry.ticketId).toBe(id);
      const list = await api.ok<{ data: { id: string }[]; totalCount: number }>(
        '/api/inquiries?page=1&limit=5',
        asCustomer('ada@example.com'),
      );
      expect(list.data.map((entry) => entry.id)).toContain(id);
      expect(list.totalCount).toBeGreaterThanOrEqual(1);
    });

    it('UC-3: a non-English inquiry is translated; without a translation it stays readable, marked untranslated', async () => {
      detector.answer = 'pl';
      translator.answer = 'My printer does not print.';
      const translated = await submit({ description: 'Moja drukarka nie drukuje od wczoraj.' });
      const ticket = await ticketWhen(translated, (t) => t.translationStatus === 'Translated');
      expect(ticket.descriptionTranslated).toBe('My printer does not print.');
      expect(ticket.status).toBe('BeforeQualification');

      translator.answer = '';
      const untranslated = await submit({ description: 'Drukarka znowu nie działa, pomocy.' });
      const other = await ticketWhen(untranslated, (t) => t.translationStatus === 'Untranslated');
      expect(other.status).toBe('BeforeQualification');
      expect(other.descriptionTranslated).toBeNull();
      detector.answer = 'en';
    });

    it('UC-5..12: qualify, alert, deadline, assign, reminders, breach, block/unblock moving the deadline, resolve, notify', async () => {
      const title = `Production is down ${randomUUID().slice(0, 6)}`;
      const id = await submit({ email: 'grace@fast.test', title });
      await ticketWhen(id, (t) => t.status === 'BeforeQualification');
      let answer = await api.post<Ticket>(`/api/tickets/${id}/qualify`, {
        ticketType: 'Incident',
        severityLevel: 'Medium',
      });
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('Qualified');

      const alerts = await eventually(async () => {
        const body = await api.ok<{ message: string; type: string }[]>('/api/communication/alerts');
        expect(body.some((alert) => alert.type === 'Incident' && alert.message.includes(`“${title}”`))).toBe(
          true,
        );
        return body;
      });
      expect(alerts.length).toBeLessThanOrEqual(10);
      const qualified = await ticketWhen(id, (t) => t.deadline !== null);

      answer = await api.post<Ticket>(`/api/tickets/${id}/assign/${AGENT}`);
      expect(answer.status).toBe(200);
      expect(answer.body.agentId).toBe(AGENT);

      // Reminders at their times (all within the 3 s deadline here), then the breach with its alert.
      const agentMessages = await eventually(async () => {
        const { data } = await api.ok<{ data: { title: string; content: string }[] }>(
          `/api/communication/logged-users/${AGENT}/messages?page=1&limit=20`,
        );
        expect(
          data.filter((message) => message.content.includes(`“${title}”`)).length,
        ).toBeGreaterThanOrEqual(4);
        return data;
      }, 30_000);
      expect(agentMessages.map((message) => message.title)).toEqual(
        expect.arrayContaining(['Reminder #1', 'Reminder #2', 'Final reminder']),
      );
      await eventually(async () => {
        const body = await api.ok<{ message: string; type: string }[]>('/api/communication/alerts');
        expect(body.some((alert) => alert.type === 'SLA' && alert.message.includes(`“${title}”`))).toBe(true);
      }, 30_000);

      // Blocking pauses the SLA clock: the deadline moves by the time spent blocked.
      expect(
        (await api.post(`/api/tickets/${id}/block/${encodeURIComponent('Waiting for the customer')}`)).status,
      ).toBe(200);
      await eventually(async () => {
        const record = await api.ok<{ serviceCompleted: boolean }>(
          `/api/sla/IncidentTicket/${id}/deadline-reminders`,
        );
        expect(record).toBeTruthy();
      });
      const blockedFor = 600;
      await new Promise((resolve) => setTimeout(resolve, blockedFor)); // time passing is what is under test
      expect(
        (await api.post(`/api/tickets/${id}/unblock/${encodeURIComponent('Customer answered')}`)).status,
      ).toBe(200);
      const moved = await ticketWhen(
        id,
        (t) =>
          t.deadline !== null && Date.parse(t.deadline) >= Date.parse(qualified.deadline!) + blockedFor - 50,
      );
      expect(moved.status).toBe('Qualified');

      answer = await api.post<Ticket>(
        `/api/tickets/${id}/resolve/${encodeURIComponent('Restarted the database')}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('Resolved');
      await eventually(async () => {
        const { data } = await api.ok<{ data: { recipentEmail: string | null; content: string }[] }>(
          '/api/communication/anonymous-users/messages?page=1&limit=50',
          asCustomer('grace@fast.test'),
        );
        expect(
          data.some(
            (message) =>
              message.recipentEmail === 'grace@fast.test' &&
              message.content.includes('Restarted the database'),
          ),
        ).toBe(true);
      });
      await eventually(async () => {
        expect(
          (await api.ok<{ status: string }>(`/api/inquiries/${id}`, asCustomer('grace@fast.test'))).status,
        ).toBe('Resolved');
        const record = await api.ok<{ serviceCompleted: boolean; deadlineMet: boolean | null }>(
          `/api/sla/IncidentTicket/${id}/deadline-reminders`,
        );
        expect(record.serviceCompleted).toBe(true);
        expect(record.deadlineMet).toBe(false);
      });
      const history = (await api.ok<Ticket>(`/api/tickets/${id}`)).history.map((entry) => entry.status);
      expect(history).toEqual(
        expect.arrayContaining(['BeforeQualification', 'Qualified', 'Blocked', 'Resolved']),
      );
    }, 90_000);

    it('rules and bad input answer 4xx with a reason, never 500', async () => {
      const id = await submit();
      await ticketWhen(id, (t) => t.status === 'BeforeQualification');
      const early = await api.post<{ message: string }>(`/api/tickets/${id}/assign/${AGENT}`);
      expect(early.status).toBe(409);
      expect(early.body.message).toMatch(/Qualified or Blocked/);
      expect(
        (await api.post(`/api/tickets/${id}/qualify`, { ticketType: 'Question', severityLevel: 'Low' }))
          .status,
      ).toBe(200);
      const again = await api.post<{ message: string }>(`/api/tickets/${id}/qualify`, {
        ticketType: 'Question',
      });
      expect(again.status).toBe(409);
      expect((await api.post(`/api/tickets/${id}/assign/${SUPERVISOR}`)).status).toBe(200);
      const reassign = await api.post<{ message: string }>(`/api/tickets/${id}/assign/${AGENT}`);
      expect(reassign.status).toBe(409);
      expect(reassign.body.message).toBe('Cannot reassign agent.');
      const unknown = await api.post<{ message: string }>(`/api/tickets/${randomUUID()}/qualify`, {
        ticketType: 'Incident',
      });
      expect(unknown.status).toBe(404);
      const invalid = await api.post<{ message: string }>('/api/inquiries/submit', {
        name: 'A',
        email: 'nope',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.message).toMatch(/email/);
      const badType = await api.post<{ message: string }>(`/api/tickets/${id}/qualify`, {
        ticketType: 'Bug',
      });
      expect(badType.status).toBe(400);
      expect((await api.get(`/api/sla/NoSuchType/${id}/deadline-reminders`)).status).toBe(400);
    });

    it('UC-14: client notes accumulate on the ticket', async () => {
      const id = await submit();
      await ticketWhen(id, (t) => t.status === 'BeforeQualification');
      expect((await api.post(`/api/tickets/${id}/client-notes`, { note: 'Any news?' })).status).toBe(200);
      expect((await api.post(`/api/tickets/${id}/client-notes`, { note: 'Still broken' })).status).toBe(200);
      const notes = await api.get<string>(`/api/tickets/${id}/client-notes`);
      expect(notes.status).toBe(200);
      expect(notes.body.split('\n').map((line) => line.replace(/^\[[^\]]+\] /, ''))).toEqual([
        'Any news?',
        'Still broken',
      ]);
      expect((await api.post(`/api/tickets/${randomUUID()}/client-notes`, { note: 'x' })).status).toBe(404);
    });

    it('UC-2: the synchronous variant creates the ticket within the request', async () => {
      const { status, body } = await api.post<{ id: string; ticketId: string }>(
        '/api/inquiries/submit-sync',
        {
          name: 'Sync Sam',
          email: 'sam@example.com',
          title: 'Sync please',
          description: 'Please handle this synchronously for comparison.',
          category: 'general',
        },
      );
      expect(status).toBe(201);
      const ticket = await api.get<Ticket>(`/api/tickets/${body.ticketId}`);
      expect(ticket.status).toBe(200);
      expect(ticket.body.status).toBe('BeforeQualification');

      // Non-English: the chain calls Translations over HTTP before creating the ticket.
      detector.answer = 'pl';
      translator.answer = 'Please hurry.';
      const polish = await api.post<{ ticketId: string }>('/api/inquiries/submit-sync', {
        name: 'Zosia',
        email: 'zosia@example.com',
        title: 'Szybko proszę',
        description: 'Proszę o szybką odpowiedź w tej sprawie.',
        category: 'general',
      });
      detector.answer = 'en';
      expect(polish.status).toBe(201);
      const translated = await api.ok<Ticket>(`/api/tickets/${polish.body.ticketId}`);
      expect(translated.descriptionTranslated).toBe('Please hurry.');
      expect(translated.translationStatus).toBe('Translated');
    });

    it('an injected anomaly dead-letters a message with its failure; after disabling it, replay completes the flow', async () => {
      const anomaly = {
        anomalyType: 'ConsumerErrorBeforeHandler',
        messageType: 'inquiries.inquiry-submitted',
        params: {},
      };
      expect((await api.post('/api/tickets/anomalies', anomaly)).status).toBe(201);
      expect(await api.ok<{ anomalyType: string }[]>('/api/tickets/anomalies')).toEqual([
        expect.objectContaining({
          anomalyType: 'ConsumerErrorBeforeHandler',
          messageType: 'inquiries.inquiry-submitted',
        }),
      ]);
      const id = await submit({ title: 'Doomed at first' });
      const letter = await eventually(async () => {
        const letters =
          await api.ok<
            {
              messageId: string;
              service: string;
              endpoint: string;
              failure: { reason: string; message: string };
              body: { id: string };
            }[]
          >('/api/system/dead-letters');
        const found = letters.find((entry) => entry.body?.id === id);
        expect(found).toBeDefined();
        return found!;
      }, 30_000);
      expect(letter.service).toBe('tickets');
      expect(letter.failure.reason).toBe('INJECTED_FAULT');
      expect(letter.failure.message).toBe('Error anomaly has been generated!');
      expect((await api.get(`/api/tickets/${id}`)).status).toBe(404);

      const removed = await fetch(
        `${api.url}/api/tickets/anomalies/ConsumerErrorBeforeHandler/messages/inquiries.inquiry-submitted`,
        { method: 'DELETE' },
      );
      expect(removed.status).toBe(200);
      const replay = await api.post<{ replayed: number }>('/api/system/dead-letters/replay', {
        service: 'tickets',
        endpoint: letter.endpoint,
        ids: [letter.messageId],
      });
      expect(replay.body.replayed).toBe(1);
      await ticketWhen(id, (t) => t.status === 'BeforeQualification');
    }, 60_000);

    it('UC-13: live metrics of every service are real and flow to the metrics service', async () => {
      const services = await eventually(async () => {
        const body =
          await api.ok<{ service: string; latest: { status: string; memoryMb: number } }[]>(
            '/api/metrics/services',
          );
        expect(new Set(body.map((entry) => entry.service))).toEqual(
          new Set(['inquiries', 'translations', 'tickets', 'sla', 'communication', 'metrics']),
        );
        return body;
      });
      for (const entry of services) expect(entry.latest.memoryMb).toBeGreaterThan(0);
    });

    it('the live feed streams ticket events to the browser', async () => {
      const controller = new AbortController();
      const response = await fetch(`${api.url}/api/live`, { signal: controller.signal });
      const reader = response.body!.getReader();
      const id = await submit({ title: 'Watch me live' });
      let received = '';
      try {
        await eventually(async () => {
          const { value } = await reader.read();
          received += new TextDecoder().decode(value);
          expect(received).toContain(`event: ticket\ndata: {"id":"${id}"`);
        });
      } finally {
        controller.abort();
      }
      expect(received).toContain(`event: inquiry\ndata: {"id":"${id}"`);
    });
  });
}
