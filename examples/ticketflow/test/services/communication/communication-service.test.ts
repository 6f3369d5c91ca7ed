import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningTicketFlow } from '../../../src/embedded.js';
import { asCustomer } from '../../support/ticketflow-client.js';
import {
  AGENT,
  eventually,
  http,
  type MessagePage,
  nextPublished,
  ok,
  startTestFlow,
  submitTicket,
} from '../sla/ticketflow-test-client.js';

interface Alert {
  id: string;
  message: string;
  createdAt: string;
  isRead: boolean;
  type: string;
}

describe('Communication service (embedded runtime)', () => {
  let flow: RunningTicketFlow;

  beforeAll(async () => {
    flow = await startTestFlow();
  });
  afterAll(async () => {
    await flow?.stop();
  });

  const messagesOf = (userId: string, query = '') =>
    ok<MessagePage>(flow, 'GET', `/api/communication/logged-users/${userId}/messages${query}`);

  it('rejects a message without a recipient or with an empty title or content (400 with the reason)', async () => {
    const noRecipient = await http<{ message: string }>(flow, 'POST', '/api/communication/messages', {
      title: 'Hello',
      content: 'Anybody there?',
    });
    expect(noRecipient.status).toBe(400);
    expect(noRecipient.body.message).toContain('recipentUserId or recipentEmail is required');
    const emptyTitle = await http<{ message: string }>(flow, 'POST', '/api/communication/messages', {
      recipentEmail: 'anna@example.com',
      title: '  ',
      content: 'Body',
    });
    expect(emptyTitle.status).toBe(400);
    expect(emptyTitle.body.message).toContain('title');
    const emptyContent = await http(flow, 'POST', '/api/communication/messages', {
      recipentUserId: randomUUID(),
      title: 'Title',
      content: '',
    });
    expect(emptyContent.status).toBe(400);
  });

  it('stores messages for a logged user with paging, unread counts and read flags', async () => {
    const userId = randomUUID();
    const ids: string[] = [];
    for (const title of ['First', 'Second', 'Third']) {
      const announced = nextPublished(flow, 'communication', 'communication.message-stored');
      const created = await http<{ id: string }>(flow, 'POST', '/api/communication/messages', {
        recipentUserId: userId,
        title,
        content: `${title} message`,
        timestamp: new Date(Date.UTC(2026, 0, 1, 10, ids.length)).toISOString(),
      });
      expect(created.status).toBe(201);
      await announced;
      ids.push(created.body.id);
    }
    const all = await messagesOf(userId);
    expect(all.data.map((message) => message.title)).toEqual(['Third', 'Second', 'First']);
    expect(all).toMatchObject({ total: 3, unread: 3 });
    expect(all.data[0]).toMatchObject({
      recipentUserId: userId,
      recipentEmail: null,
      senderUserId: null,
      isRead: false,
    });

    const secondPage = await messagesOf(userId, '?page=2&limit=2');
    expect(secondPage.data.map((message) => message.title)).toEqual(['First']);
    expect(secondPage.total).toBe(3);

    await ok(flow, 'PUT', `/api/communication/messages/${ids[2]}?isRead=true`);
    const unreadOnly = await messagesOf(userId, '?onlyUnread=true');
    expect(unreadOnly.data.map((message) => message.title)).toEqual(['Second', 'First']);
    expect(unreadOnly).toMatchObject({ total: 2, unread: 2 });
    expect((await messagesOf(userId)).unread).toBe(2);

    expect((await http(flow, 'PUT', `/api/communication/messages/${randomUUID()}?isRead=true`)).status).toBe(
      404,
    );
    expect((await http(flow, 'PUT', `/api/communication/messages/${ids[0]}?isRead=maybe`)).status).toBe(400);
  });

  it('stores the resolution notice for the customer and an Incident alert for operators', async () => {
    const ticket = await submitTicket(flow, 'helen@example.com');
    const alertAnnounced = nextPublished(flow, 'communication', 'communication.alert-stored');
    await ok(flow, 'POST', `/api/tickets/${ticket.id}/qualify`, {
      ticketType: 'Incident',
      severityLevel: 'High',
    });
    const incident = await eventually('an Incident alert is stored', async () => {
      const alerts = await ok<Alert[]>(flow, 'GET', '/api/communication/alerts');
      return alerts.find((alert) => alert.type === 'Incident' && alert.message.includes(`“${ticket.title}”`));
    });
    expect(incident.isRead).toBe(false);
    await alertAnnounced;

    await ok(flow, 'PUT', `/api/communication/alerts/${incident.id}?isRead=true`);
    const unread = await ok<Alert[]>(flow, 'GET', '/api/communication/alerts?onlyUnread=true');
    expect(unread.map((alert) => alert.id)).not.toContain(incident.id);
    const all = await ok<Alert[]>(flow, 'GET', '/api/communication/alerts');
    expect(all.find((alert) => alert.id === incident.id)?.isRead).toBe(true);
    expect((await http(flow, 'PUT', `/api/communication/alerts/${randomUUID()}?isRead=true`)).status).toBe(
      404,
    );

    await ok(flow, 'POST', `/api/tickets/${ticket.id}/assign/${AGENT.id}`);
    await ok(flow, 'POST', `/api/tickets/${ticket.id}/resolve/Replaced%20the%20cable`);
    const notice = await eventually('the customer has the resolution notice', async () => {
      const page = await ok<MessagePage>(
        flow,
        'GET',
        '/api/communication/anonymous-users/messages?limit=100',
        undefined,
        asCustomer('helen@example.com'),
      );
      return page.data.find((message) => message.recipentEmail === 'helen@example.com');
    });
    expect(notice).toMatchObject({
      recipentUserId: null,
      senderUserId: AGENT.userId,
      title: 'Your inquiry has been resolved',
      isRead: false,
    });
    expect(notice.content).toContain('[Resolved]');
    expect(notice.content).toContain('Replaced the cable');
  });

  it('keeps at most the 10 newest alerts in the list', async () => {
    for (let index = 0; index < 11; index++) {
      const ticket = await submitTicket(flow, `incident${index}@example.com`);
      await ok(flow, 'POST', `/api/tickets/${ticket.id}/qualify`, {
        ticketType: 'Incident',
        severityLevel: 'Low',
      });
    }
    const alerts = await eventually('ten alerts are listed', async () => {
      const list = await ok<Alert[]>(flow, 'GET', '/api/communication/alerts');
      return list.length === 10 ? list : undefined;
    });
    const times = alerts.map((alert) => alert.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});
