import { type Customer, customerHeaders } from './customer-identity';
import { apiUrl, getJson, getText, segment, sendJson } from './http-client';
import type { Page } from './paged';

export type TicketStatus =
  | 'WaitingForScheduledAction'
  | 'BeforeQualification'
  | 'Qualified'
  | 'Blocked'
  | 'Resolved';
export type TicketType = 'Incident' | 'Question';
export type SeverityLevel = 'Low' | 'Medium' | 'High' | 'Critical';

export interface Ticket {
  id: string;
  name: string;
  email: string;
  title: string;
  description: string;
  descriptionTranslated: string | null;
  category: string;
  status: TicketStatus;
  createdAt: string;
  severityLevel: SeverityLevel | null;
  agentId: string | null;
  languageCode: string;
  type: TicketType | null;
  deadline: string | null;
  resolution: string | null;
  version: number;
}

export interface TicketHistoryEntry {
  at: string;
  status: string;
  note: string | null;
}

export interface TicketDetails extends Ticket {
  assignedAgentUserId: string | null;
  history?: TicketHistoryEntry[];
}

export interface Agent {
  id: string;
  userId: string;
  fullName: string;
  position: 'Agent' | 'Supervisor';
  avatarUrl: string;
}

export interface TicketQuery {
  page: number;
  limit: number;
  status?: TicketStatus | '';
  agentId?: string;
}

const ticketPath = (id: string) => `/api/tickets/${segment(id)}`;

export const ticketsApi = {
  list: (query: TicketQuery) => getJson<Page<Ticket>>('/api/tickets', { ...query }),
  get: (id: string) => getJson<TicketDetails>(ticketPath(id)),
  agents: () => getJson<Agent[]>('/api/tickets/agents'),
  qualify: (id: string, ticketType: TicketType, severityLevel: SeverityLevel) =>
    sendJson<TicketDetails>('POST', `${ticketPath(id)}/qualify`, { ticketType, severityLevel }),
  assign: (id: string, agentId: string) =>
    sendJson<TicketDetails>('POST', `${ticketPath(id)}/assign/${segment(agentId)}`),
  block: (id: string, reason: string) =>
    sendJson<TicketDetails>('POST', `${ticketPath(id)}/block/${segment(reason)}`),
  unblock: (id: string, reason: string) =>
    sendJson<TicketDetails>('POST', `${ticketPath(id)}/unblock/${segment(reason)}`),
  resolve: (id: string, resolution: string) =>
    sendJson<TicketDetails>('POST', `${ticketPath(id)}/resolve/${segment(resolution)}`),
  /** The customer's comments on a ticket: agents read all; a customer (pass them) only their own tickets'. */
  clientNotes: async (id: string, customer?: Customer) =>
    parseClientNotes(
      await getText(
        apiUrl(`${ticketPath(id)}/client-notes`),
        customer ? customerHeaders(customer) : undefined,
      ),
    ),
  addClientNote: (id: string, note: string, customer: Customer) =>
    sendJson<void>('POST', `${ticketPath(id)}/client-notes`, { note }, customerHeaders(customer)),
};

export interface ClientNote {
  /** When it was written (ISO), if the line says so. */
  at: string | null;
  text: string;
}

/** The API returns all notes as one text, one note per line, each starting with `[ISO time] `. */
export function parseClientNotes(text: string): ClientNote[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const stamped = /^\[([^\]]+)\] (.*)$/.exec(line);
      const at = stamped && !Number.isNaN(Date.parse(stamped[1]!)) ? stamped[1]! : null;
      return at ? { at, text: stamped![2]! } : { at: null, text: line };
    });
}
