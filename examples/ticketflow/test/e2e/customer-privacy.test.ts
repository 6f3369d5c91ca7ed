import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import { asCustomer, eventually, TicketFlowClient } from '../support/ticketflow-client.js';

const AGENT = '00000000-0000-0000-0000-000000000003';

interface Page<Entry> {
  data: Entry[];
  totalCount?: number;
  total?: number;
}

/** The customer area's API hands a customer's data to that customer only (issue 14, defect 4). */
describe('customer data stays with its customer', () => {
  let ticketflow: RunningTicketFlow;
  let api: TicketFlowClient;
  const ada = asCustomer('ada@example.com');
  const bob = asCustomer('bob@example.com');
  let adaInquiry: string;

  beforeAll(async () => {
    ticketflow = await startTicketFlow({
      port: 0,
      dataDir: undefined,
      databaseUrl: undefined,
      logLevel: 'silent',
    });
    api = new TicketFlowClient(ticketflow.url);
    const submit = async (email: string, title: string) => {
      const { status, body } = await api.post<{ id: string }>('/api/inquiries/submit', {
        name: 'A Customer',
        email,
        title,
        description: 'Something is broken and I need help.',
        category: 'general',
      });
      expect(status).toBe(202);
      return body.id;
    };
    // Ada signs up with capitals in her address; it is the same mailbox.
    adaInquiry = await submit('Ada@Example.com', 'Ada needs help');
    await submit('bob@example.com', 'Bob needs help');
    await eventually(async () => {
      expect((await api.get<{ status: string }>(`/api/tickets/${adaInquiry}`)).body.status).toBe(
        'BeforeQualification',
      );
    });
  }, 120_000);

  afterAll(async () => {
    await ticketflow?.stop();
  });

  it('lists only the signed-in customer’s inquiries, and none without a customer', async () => {
    const adas = await api.ok<Page<{ title: string }>>('/api/inquiries?page=1&limit=10', ada);
    expect(adas.data.map((inquiry) => inquiry.title)).toEqual(['Ada needs help']);
    expect(adas.totalCount).toBe(1);
    const bobs = await api.ok<Page<{ title: string }>>('/api/inquiries?page=1&limit=10', bob);
    expect(bobs.data.map((inquiry) => inquiry.title)).toEqual(['Bob needs help']);

    const anonymous = await api.get<{ message: string }>('/api/inquiries?page=1&limit=10');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.message).toBe(
      'Sign in as a customer: send your e-mail in the x-customer-email header',
    );
    const malformed = await api.get<{ message: string }>('/api/inquiries', asCustomer('not-an-address'));
    expect(malformed.status).toBe(400);
  });

  it('answers 404 for another customer’s inquiry, as for a missing one', async () => {
    expect((await api.get(`/api/inquiries/${adaInquiry}`, ada)).status).toBe(200);
    expect((await api.get(`/api/inquiries/${adaInquiry}`, bob)).status).toBe(404);
    expect((await api.get(`/api/inquiries/${adaInquiry}`)).status).toBe(401);
  });

  it('keeps client notes between a customer and their own ticket; agents read them all', async () => {
    expect(
      (await api.post(`/api/tickets/${adaInquiry}/client-notes`, { note: 'Any news?' }, 'POST', ada)).status,
    ).toBe(200);
    expect(
      (await api.post(`/api/tickets/${adaInquiry}/client-notes`, { note: 'Spam' }, 'POST', bob)).status,
    ).toBe(404);
    expect((await api.get(`/api/tickets/${adaInquiry}/client-notes`, bob)).status).toBe(404);
    const agentView = await api.get<string>(`/api/tickets/${adaInquiry}/client-notes`);
    expect(agentView.body).toMatch(/^\[[^\]]+\] Any news\?$/);
  });

  it('shows a customer only the messages sent to them, and only they can mark them read', async () => {
    expect(
      (await api.post(`/api/tickets/${adaInquiry}/qualify`, { ticketType: 'Question', severityLevel: 'Low' }))
        .status,
    ).toBe(200);
    expect((await api.post(`/api/tickets/${adaInquiry}/assign/${AGENT}`)).status).toBe(200);
    expect((await api.post(`/api/tickets/${adaInquiry}/resolve/Fixed`)).status).toBe(200);
    const adasMessages = await eventually(async () => {
      const page = await api.ok<Page<{ id: string; recipentEmail: string; content: string }>>(
        '/api/communication/anonymous-users/messages?page=1&limit=10',
        ada,
      );
      expect(page.data).toHaveLength(1);
      return page;
    });
    expect(adasMessages.data[0]!.content).toContain('Fixed');
    const bobsMessages = await api.ok<Page<unknown>>('/api/communication/anonymous-users/messages', bob);
    expect(bobsMessages).toMatchObject({ data: [], total: 0, unread: 0 });
    expect((await api.get('/api/communication/anonymous-users/messages')).status).toBe(401);

    const message = adasMessages.data[0]!.id;
    expect(
      (await api.post(`/api/communication/messages/${message}?isRead=true`, {}, 'PUT', bob)).status,
    ).toBe(404);
    expect((await api.post(`/api/communication/messages/${message}?isRead=true`, {}, 'PUT')).status).toBe(
      404,
    );
    expect(
      (await api.post(`/api/communication/messages/${message}?isRead=true`, {}, 'PUT', ada)).status,
    ).toBe(200);
  });
});
