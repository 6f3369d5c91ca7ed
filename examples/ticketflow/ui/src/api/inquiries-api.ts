import type { ApiAnswer } from './api-types';
import { type Customer, customerHeaders } from './customer-identity';
import { getJson, segment, sendJson } from './http-client';

export type Inquiry = ApiAnswer<'/api/inquiries/{id}', 'get'>;
export type InquiryCategory = Inquiry['category'];
export type InquiryStatus = Inquiry['status'];

export interface InquirySubmission {
  name: string;
  email: string;
  title: string;
  description: string;
  category: 'general' | 'technical' | 'billing' | 'other';
}

export const inquiriesApi = {
  list: (customer: Customer, page: number, limit: number) =>
    getJson<ApiAnswer<'/api/inquiries/', 'get'>>(
      '/api/inquiries',
      { page, limit },
      customerHeaders(customer),
    ),
  get: (customer: Customer, id: string) =>
    getJson<Inquiry>(`/api/inquiries/${segment(id)}`, undefined, customerHeaders(customer)),
  submit: (inquiry: InquirySubmission) =>
    sendJson<ApiAnswer<'/api/inquiries/submit', 'post'>>('POST', '/api/inquiries/submit', inquiry),
  /** The synchronous HTTP-chain variant, kept for comparison: answers once the ticket exists. */
  submitSynchronously: (inquiry: InquirySubmission) =>
    sendJson<ApiAnswer<'/api/inquiries/submit-sync', 'post'>>('POST', '/api/inquiries/submit-sync', inquiry),
};
