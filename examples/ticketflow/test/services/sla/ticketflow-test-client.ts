import { randomUUID } from 'node:crypto';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { expect } from 'vitest';
import type { ServiceName, TransportName } from '../../../src/config/ticketflow-config.js';
import {
  type RunningTicketFlow,
  type StartTicketFlowOptions,
  startTicketFlow,
} from '../../../src/embedded.js';

/** Timings short enough for tests: schedulers every 50 ms, re-alerts after 1 s. */
export const FAST_TIMING = {
  reminderIntervalMs: 50,
  breachCheckIntervalMs: 50,
  breachRealertMs: 1_000,
  metricsIntervalMs: 100,
} as const;

export const AGENT = {
  id: '00000000-0000-0000-0000-000000000002',
  userId: '00000000-0000-0000-0000-000000000002',
};

export interface TransportSuite {
  readonly transport: TransportName;
  /** False when the broker is not configured (the suite is then skipped loudly, and fails in CI). */
  readonly ready: boolean;
  readonly options: StartTicketFlowOptions;
}

/** The in-memory transport always; RabbitMQ and Kafka when their brokers are up (scripts/services.sh). */
export function transportSuites(what: string): TransportSuite[] {
  const rabbitmqUrl = brokerFromEnvironment('RABBITMQ_URL', `${what} on RabbitMQ`);
  const kafkaBrokers = brokerFromEnvironment('KAFKA_BROKERS', `${what} on Kafka`);
  // A fresh prefix per run: brokers keep queues and topics between runs.
  const brokerPrefix = `tfsvc${randomUUID().slice(0, 6)}.`;
  return [
    { transport: 'memory', ready: true, options: {} },
    {
      transport: 'rabbitmq',
      ready: Boolean(rabbitmqUrl),
      options: { transport: 'rabbitmq', rabbitmqUrl, brokerPrefix },
    },
    {
      transport: 'kafka',
      ready: Boolean(kafkaBrokers),
      options: { transport: 'kafka', kafkaBrokers: kafkaBrokers?.split(','), brokerPrefix },
    },
  ];
}

/** The embedded runtime on a free port, in-memory database and transport, no UI, quiet. */
export function startTestFlow(options: StartTicketFlowOptions = {}): Promise<RunningTicketFlow> {
  return startTicketFlow({
    port: 0,
    host: '127.0.0.1',
    dataDir: undefined,
    web: false,
    logLevel: 'silent',
    env: {},
    ...options,
    timing: { ...FAST_TIMING, ...options.timing },
  });
}

export interface HttpAnswer<Body> {
  readonly status: number;
  readonly body: Body;
}

export async function http<Body = unknown>(
  flow: RunningTicketFlow,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer<Body>> {
  const response = await fetch(`${flow.url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body };
}

/** `http` that expects a 2xx answer and names the call when it gets something else. */
export async function ok<Body = unknown>(
  flow: RunningTicketFlow,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Body> {
  const answer = await http<Body>(flow, method, path, body, headers);
  expect(answer.status, `${method} ${path} answered ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer.body;
}

/**
 * Re-checks `probe` every `intervalMs` until it returns a value (not undefined), failing after `timeoutMs` with the
 * description and the last observation. For outcomes that are only visible over HTTP.
 */
export async function eventually<T>(
  description: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting until ${description}${last ? ` (last error: ${last})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
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

/** Submits an inquiry and waits for its ticket to be ready for qualification; the ticket id is the inquiry id. */
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
    return ticket.status === 200 && ticket.body.status === 'BeforeQualification' ? ticket.body : undefined;
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
    return answer.status === 200 && condition(answer.body) ? answer.body : undefined;
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

/** A clock that tests move forward by hand; it starts at the real time. */
export class ManualClock {
  private offsetMs = 0;
  readonly now = () => new Date(Date.now() + this.offsetMs);

  /** Jump so that `now()` is (about) `target`. */
  jumpTo(target: Date): void {
    this.offsetMs = target.getTime() - Date.now();
  }

  /** Back to the real time. */
  reset(): void {
    this.offsetMs = 0;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Resolves when `service` next publishes a message of `type`; rejects after `timeoutMs` naming both. */
export function nextPublished(
  flow: RunningTicketFlow,
  service: ServiceName,
  type: string,
  timeoutMs = 5_000,
): Promise<void> {
  const messaging = flow.runtime.host(service)?.current().messaging;
  if (!messaging) throw new Error(`Service ${service} does not run in this flow`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${service} did not publish "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = messaging.onEvent((event) => {
      if (event.kind !== 'published' || event.type !== type) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
