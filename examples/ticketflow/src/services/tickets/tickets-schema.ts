export const AGENTS = [
  {
    id: '00000000-0000-0000-0000-000000000001',
    fullName: 'Bogusław Złotówa',
    position: 'Supervisor',
    seed: 'Boguslaw',
  },
  {
    id: '00000000-0000-0000-0000-000000000002',
    fullName: 'Ziemowit Pędziwiatr',
    position: 'Agent',
    seed: 'Ziemowit',
  },
  {
    id: '00000000-0000-0000-0000-000000000003',
    fullName: 'Kunegunda Śmieszek',
    position: 'Agent',
    seed: 'Kunegunda',
  },
] as const;

export const TICKETS_SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS tickets;
  CREATE TABLE IF NOT EXISTS tickets.agents (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    full_name text NOT NULL,
    position text NOT NULL,
    avatar_url text NOT NULL
  );
  CREATE TABLE IF NOT EXISTS tickets.tickets (
    id uuid PRIMARY KEY,
    inquiry_id uuid NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    title text NOT NULL,
    description text NOT NULL,
    description_translated text,
    translation_status text NOT NULL DEFAULT 'NotNeeded',
    language_code text NOT NULL,
    category text NOT NULL,
    status text NOT NULL,
    type text,
    severity text,
    assigned_to uuid REFERENCES tickets.agents (id),
    deadline timestamptz,
    resolution text,
    notes text NOT NULL DEFAULT '',
    version integer NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX IF NOT EXISTS tickets_created_at ON tickets.tickets (created_at DESC);
  CREATE TABLE IF NOT EXISTS tickets.history (
    ticket_id uuid NOT NULL REFERENCES tickets.tickets (id),
    at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL,
    note text NOT NULL
  );
  CREATE INDEX IF NOT EXISTS history_ticket ON tickets.history (ticket_id, at);
  CREATE TABLE IF NOT EXISTS tickets.scheduled_translations (
    reference_id uuid PRIMARY KEY,
    translated_text text,
    received_at timestamptz NOT NULL DEFAULT now()
  );
`;

export const SEED_AGENTS = `
  INSERT INTO tickets.agents (id, user_id, full_name, position, avatar_url)
  SELECT * FROM (VALUES ${AGENTS.map(
    (agent) =>
      `('${agent.id}'::uuid, '${agent.id}'::uuid, '${agent.fullName}', '${agent.position}', 'https://api.dicebear.com/9.x/notionists/svg?seed=${agent.seed}&radius=50')`,
  ).join(', ')}) AS seed (id, user_id, full_name, position, avatar_url)
  WHERE NOT EXISTS (SELECT 1 FROM tickets.agents)
`;
