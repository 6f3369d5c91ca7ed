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

/** An inquiry as the HTTP API shows it. */
export function inquiryEntry(row: InquiryRow) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    title: row.title,
    description: row.description,
    category: row.category,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    ticketId: row.ticket_id,
    languageCode: row.language_code,
  };
}
