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

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function ticketListEntry(row: TicketRow) {
  return {
    id: row.id,
    inquiryId: row.inquiry_id,
    name: row.name,
    email: row.email,
    title: row.title,
    description: row.description,
    descriptionTranslated: row.description_translated,
    translationStatus: row.translation_status,
    category: row.category,
    status: row.status,
    createdAt: iso(row.created_at),
    severityLevel: row.severity,
    agentId: row.assigned_to,
    languageCode: row.language_code,
    type: row.type,
    deadline: iso(row.deadline),
    resolution: row.resolution,
    version: row.version,
  };
}
