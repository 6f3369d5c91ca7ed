import type { ApiAnswer } from './api-types';
import { type Customer, customerHeaders } from './customer-identity';
import { apiUrl, getJson, getText, segment, sendJson } from './http-client';

export type Ticket = ApiAnswer<'/api/tickets/', 'get'>['data'][number];
export type TicketStatus = Ticket['status'];
export type TicketType = NonNullable<Ticket['type']>;
export type SeverityLevel = NonNullable<Ticket['severityLevel']>;
export type TicketDetails = ApiAnswer<'/api/tickets/{id}', 'get'>;
export type TicketHistoryEntry = TicketDetails['history'][number];
export type Agent = ApiAnswer<'/api/tickets/agents/{id}', 'get'>;

export interface TicketQuery {
  page: number;
  limit: number;
  status?: TicketStatus | '';
  agentId?: string;
}

const ticketPath = (id: string) => `/api/tickets/${segment(id)}`;

export const ticketsApi = {
  list: (query: TicketQuery) => getJson<ApiAnswer<'/api/tickets/', 'get'>>('/api/tickets', { ...query }),
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
