import { z } from 'zod';
import { Category } from '../../contracts/inquiries-contracts.js';
import { SeverityLevel, TicketStatus, TicketType } from '../../contracts/tickets-contracts.js';

export interface TicketRow {
  id: string;
  inquiry_id: string;
  name: string;
  email: string;
  title: string;
  description: string;
  description_translated: string | null;
  translation_status: string;
  language_code: string;
  category: string;
  status: string;
  type: string | null;
  severity: string | null;
  assigned_to: string | null;
  deadline: Date | string | null;
  resolution: string | null;
  notes: string;
  version: number;
  created_at: Date | string;
}

export const TranslationStatus = z.enum(['NotNeeded', 'Pending', 'Translated', 'Untranslated']);

/** A ticket as the HTTP API shows it (lists, and the base of the details); the UI's types are generated from it. */
export const TicketEntry = z.object({
  id: z.string(),
  inquiryId: z.string(),
  name: z.string(),
  email: z.string(),
  title: z.string(),
  description: z.string(),
  descriptionTranslated: z.string().nullable(),
  translationStatus: TranslationStatus,
  category: Category,
  status: TicketStatus,
  createdAt: z.string(),
  severityLevel: SeverityLevel.nullable(),
  agentId: z.string().nullable(),
  languageCode: z.string(),
  type: TicketType.nullable(),
  deadline: z.string().nullable(),
  resolution: z.string().nullable(),
  version: z.number().int(),
});
export type TicketEntry = z.infer<typeof TicketEntry>;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

// The columns hold only what the service writes (its commands and handlers), so the casts cannot lie.
export function ticketListEntry(row: TicketRow): TicketEntry {
  return {
    id: row.id,
    inquiryId: row.inquiry_id,
    name: row.name,
    email: row.email,
    title: row.title,
    description: row.description,
    descriptionTranslated: row.description_translated,
    translationStatus: row.translation_status as TicketEntry['translationStatus'],
    category: row.category as TicketEntry['category'],
    status: row.status as TicketEntry['status'],
    createdAt: new Date(row.created_at).toISOString(),
    severityLevel: row.severity as TicketEntry['severityLevel'],
    agentId: row.assigned_to,
    languageCode: row.language_code,
    type: row.type as TicketEntry['type'],
    deadline: iso(row.deadline),
    resolution: row.resolution,
    version: row.version,
  };
}
