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
  list: (page: number, limit: number) => getJson<Page<Inquiry>>('/api/inquiries', { page, limit }),
  get: (id: string) => getJson<Inquiry>(`/api/inquiries/${segment(id)}`),
  submit: (inquiry: InquirySubmission) => sendJson<{ id: string }>('POST', '/api/inquiries/submit', inquiry),
};
