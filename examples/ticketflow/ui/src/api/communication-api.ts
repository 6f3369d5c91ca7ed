import { type Customer, customerHeaders } from './customer-identity';
import { apiUrl, getJson, segment, sendJson } from './http-client';

export type AlertType = 'Incident' | 'SLA';

export interface Alert {
  id: string;
  message: string;
  createdAt: string;
  isRead: boolean;
  type: AlertType | string;
}

/** `recipent` is the original system's spelling and part of the API contract. */
export interface Message {
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
  data: Message[];
  total: number;
  unread: number;
}

export interface MessageQuery {
  onlyUnread: boolean;
  page: number;
  limit: number;
}

const base = '/api/communication';

export const communicationApi = {
  alerts: (onlyUnread: boolean) => getJson<Alert[]>(`${base}/alerts`, { onlyUnread }),
  markAlert: (id: string, isRead: boolean) =>
    sendJson<void>('PUT', apiUrl(`${base}/alerts/${segment(id)}`, { isRead })),
  agentMessages: (userId: string, query: MessageQuery) =>
    getJson<MessagePage>(`${base}/logged-users/${segment(userId)}/messages`, { ...query }),
  customerMessages: (customer: Customer, query: MessageQuery) =>
    getJson<MessagePage>(`${base}/anonymous-users/messages`, { ...query }, customerHeaders(customer)),
  /** A customer's messages can only be marked by that customer: pass them. */
  markMessage: (id: string, isRead: boolean, customer?: Customer) =>
    sendJson<void>(
      'PUT',
      apiUrl(`${base}/messages/${segment(id)}`, { isRead }),
      undefined,
      customer ? customerHeaders(customer) : undefined,
    ),
};
