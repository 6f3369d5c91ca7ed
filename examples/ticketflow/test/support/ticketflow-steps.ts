import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { RunningTicketFlow } from '../../src/embedded.js';
import { eventually } from './eventually.js';
import { type HttpAnswer, type HttpMethod, TicketFlowClient } from './ticketflow-client.js';

/** Any call to a running flow's API (see TicketFlowClient.request). */
export function http<Body = unknown>(
  flow: RunningTicketFlow,
  method: HttpMethod,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer<Body>> {
  return new TicketFlowClient(flow.url).request<Body>(method, path, body, headers);
}

/** A call to a running flow's API that must succeed (see TicketFlowClient.succeed). */
export function ok<Body = unknown>(
  flow: RunningTicketFlow,
  method: HttpMethod,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Body> {
  return new TicketFlowClient(flow.url).succeed<Body>(method, path, body, headers);
}

export interface TicketView {
  id: string;
  title: string;
  status: string;
  email: string;
  createdAt: string;
  deadline: string | null;
  version: number;
}

/** Submits an inquiry (with a unique title: messages and alerts name a ticket by its title); returns its id. */
export async function submitInquiry(flow: RunningTicketFlow, email: string): Promise<string> {
  const { id } = await ok<{ id: string }>(flow, 'POST', '/api/inquiries/submit', {
    name: 'Anna Customer',
    email,
    title: `Printer ${randomUUID().slice(0, 8)} is not working`,
    description: 'The office printer stopped printing this morning and shows a paper jam error.',
    category: 'technical',
  });
  return id;
}

export async function submitTicket(flow: RunningTicketFlow, email: string): Promise<TicketView> {
  const id = await submitInquiry(flow, email);
  return eventually(`ticket ${id} is ready for qualification`, async () => {
    const ticket = await http<TicketView>(flow, 'GET', `/api/tickets/${id}`);
    expect(ticket.status).toBe(200);
    expect(ticket.body.status).toBe('BeforeQualification');
    return ticket.body;
  });
}

export interface DeadlineReminders {
  serviceType: string;
  serviceSourceId: string;
  serviceLastKnownVersion: number;
  userIdToRemind: string | null;
  firstReminderDateUtc: string;
  secondReminderDateUtc: string;
  finalReminderDateUtc: string;
  firstReminderSent: boolean;
  secondReminderSent: boolean;
  finalReminderSent: boolean;
  deadlineMet: boolean | null;
  serviceCompleted: boolean;
  deadlineDateUtc: string;
  lastDeadlineBreachedAlertSentDateUtc: string | null;
}

export function remindersOf(
  flow: RunningTicketFlow,
  ticketId: string,
  serviceType = 'QuestionTicket',
): Promise<HttpAnswer<DeadlineReminders>> {
  return http<DeadlineReminders>(flow, 'GET', `/api/sla/${serviceType}/${ticketId}/deadline-reminders`);
}

/** Waits until SLA's record for the ticket satisfies `condition`. */
export function eventuallyReminders(
  flow: RunningTicketFlow,
  ticketId: string,
  description: string,
  condition: (record: DeadlineReminders) => boolean = () => true,
  serviceType = 'QuestionTicket',
): Promise<DeadlineReminders> {
  return eventually(`SLA record of ticket ${ticketId} ${description}`, async () => {
    const answer = await remindersOf(flow, ticketId, serviceType);
    expect(answer.status).toBe(200);
    expect(condition(answer.body), JSON.stringify(answer.body)).toBe(true);
    return answer.body;
  });
}

export interface UserMessage {
  id: string;
  recipentEmail: string | null;
  recipentUserId: string | null;
  senderUserId: string | null;
  title: string;
  content: string;
  timestamp: string;
  isRead: boolean;
}

export interface MessagePage {
  data: UserMessage[];
  total: number;
  unread: number;
}

/** An agent's messages about one ticket (they name it by its title), newest first. */
export async function agentMessagesAbout(flow: RunningTicketFlow, userId: string, ticket: { title: string }) {
  const page = await ok<MessagePage>(
    flow,
    'GET',
    `/api/communication/logged-users/${userId}/messages?limit=100`,
  );
  return page.data.filter((message) => message.content.includes(`“${ticket.title}”`));
}

/**
 * Signs a VIP SLA for the customers of `fast.test` ("Fast Co") with deadlines of the given milliseconds per
 * severity, so SLA's reminders and breaches happen while a test runs.
 */
export async function signFastSla(
  flow: RunningTicketFlow,
  spansMs: { Low: number; Medium: number; High: number; Critical: number },
): Promise<void> {
  await flow.runtime
    .host('sla')!
    .current()
    .query(
      `INSERT INTO sla.signed_slas (company_name, domain, client_tier, response_deadlines)
       VALUES ('Fast Co', 'fast.test', 'VIP', jsonb_build_object('IncidentTicket', $1::jsonb, 'QuestionTicket', $1::jsonb))
       ON CONFLICT (domain) DO NOTHING`,
      [JSON.stringify(spansMs)],
    );
}
