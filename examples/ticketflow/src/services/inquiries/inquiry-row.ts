import { z } from 'zod';
import { Category, InquiryStatus } from '../../contracts/inquiries-contracts.js';

/** A row of inquiries.inquiries. */
export interface InquiryRow {
  id: string;
  name: string;
  email: string;
  title: string;
  description: string;
  category: string;
  language_code: string;
  status: string;
  ticket_id: string | null;
  created_at: Date | string;
}

/** An inquiry as the HTTP API shows it; the UI's types are generated from it. */
export const InquiryEntry = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  title: z.string(),
  description: z.string(),
  category: Category,
  status: InquiryStatus,
  createdAt: z.string(),
  ticketId: z.string().nullable(),
  languageCode: z.string(),
});
export type InquiryEntry = z.infer<typeof InquiryEntry>;

export const InquiryPage = z.object({ data: z.array(InquiryEntry), totalCount: z.number().int() });

// The columns hold only what the service writes, so the casts cannot lie.
export function inquiryEntry(row: InquiryRow): InquiryEntry {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    title: row.title,
    description: row.description,
    category: row.category as InquiryEntry['category'],
    status: row.status as InquiryEntry['status'],
    createdAt: new Date(row.created_at).toISOString(),
    ticketId: row.ticket_id,
    languageCode: row.language_code,
  };
}
