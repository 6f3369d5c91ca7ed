import { DEVMENTORS_SLA } from './signed-sla.js';

// `tickets` is SLA's own projection of ticket events (no HTTP call to Tickets); `deadline_reminders` is the
// original's DeadlineReminders record, created when a ticket is first qualified.
export const SLA_SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS sla;
  CREATE TABLE IF NOT EXISTS sla.signed_slas (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    company_name text NOT NULL,
    domain text NOT NULL UNIQUE,
    client_tier text NOT NULL,
    response_deadlines jsonb NOT NULL
  );
  CREATE TABLE IF NOT EXISTS sla.tickets (
    ticket_id uuid PRIMARY KEY,
    email text NOT NULL,
    title text NOT NULL,
    created_at timestamptz NOT NULL,
    version integer NOT NULL,
    agent_user_id uuid,
    assigned_at timestamptz,
    blocked_since timestamptz,
    resolved_at timestamptz,
    pending_version integer
  );
  CREATE TABLE IF NOT EXISTS sla.deadline_reminders (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    service_type text NOT NULL,
    service_source_id uuid NOT NULL UNIQUE REFERENCES sla.tickets (ticket_id),
    service_last_known_version integer NOT NULL,
    user_id_to_remind uuid,
    first_reminder_date_utc timestamptz NOT NULL,
    second_reminder_date_utc timestamptz NOT NULL,
    final_reminder_date_utc timestamptz NOT NULL,
    first_reminder_sent boolean NOT NULL DEFAULT false,
    second_reminder_sent boolean NOT NULL DEFAULT false,
    final_reminder_sent boolean NOT NULL DEFAULT false,
    deadline_met boolean,
    service_completed boolean NOT NULL DEFAULT false,
    deadline_date_utc timestamptz NOT NULL,
    last_deadline_breached_alert_sent_date_utc timestamptz
  );
  CREATE INDEX IF NOT EXISTS deadline_reminders_open ON sla.deadline_reminders (deadline_date_utc)
    WHERE NOT service_completed;
`;

export const SEED_SIGNED_SLAS = {
  sql: `INSERT INTO sla.signed_slas (company_name, domain, client_tier, response_deadlines)
        SELECT $1, $2, $3, $4::jsonb WHERE NOT EXISTS (SELECT 1 FROM sla.signed_slas)`,
  params: [
    DEVMENTORS_SLA.companyName,
    DEVMENTORS_SLA.domain,
    DEVMENTORS_SLA.clientTier,
    JSON.stringify(DEVMENTORS_SLA.responseDeadlines),
  ],
} as const;
