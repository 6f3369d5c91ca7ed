import { type Customer, customerHeaders } from './customer-identity';
import { getJson, segment, sendJson } from './http-client';
import type { Page } from './paged';

export type InquiryCategory = 'General' | 'Technical' | 'Billing' | 'Other';
export type InquiryStatus = 'New' | 'InProgress' | 'Closed' | 'Resolved';

export interface Inquiry {
  id: string;
  name: string;
  title: string;
  email: string;
  description: string;
  category: InquiryCategory;
  status: InquiryStatus;
  createdAt: string;
  ticketId: string | null;
  languageCode: string;
}

export interface InquirySubmission {
  name: string;
  email: string;
  title: string;
  description: string;
  category: 'general' | 'technical' | 'billing' | 'other';
}

export const inquiriesApi = {
  list: (customer: Customer, page: number, limit: number) =>
    getJson<Page<Inquiry>>('/api/inquiries', { page, limit }, customerHeaders(customer)),
  get: (customer: Customer, id: string) =>
    getJson<Inquiry>(`/api/inquiries/${segment(id)}`, undefined, customerHeaders(customer)),
  submit: (inquiry: InquirySubmission) => sendJson<{ id: string }>('POST', '/api/inquiries/submit', inquiry),
  /** The synchronous HTTP-chain variant, kept for comparison: answers once the ticket exists. */
  submitSynchronously: (inquiry: InquirySubmission) =>
    sendJson<{ id: string; ticketId: string }>('POST', '/api/inquiries/submit-sync', inquiry),
};
