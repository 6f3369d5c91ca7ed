/** The inquiries service's tables, in its own schema (created idempotently at every start). */
export const INQUIRIES_SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS inquiries;
  CREATE TABLE IF NOT EXISTS inquiries.inquiries (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    email text NOT NULL,
    title text NOT NULL,
    description text NOT NULL,
    category text NOT NULL,
    language_code text NOT NULL,
    status text NOT NULL DEFAULT 'New',
    ticket_id uuid,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX IF NOT EXISTS inquiries_created_at ON inquiries.inquiries (created_at DESC);
  CREATE INDEX IF NOT EXISTS inquiries_customer ON inquiries.inquiries (lower(email), created_at DESC);
`;
