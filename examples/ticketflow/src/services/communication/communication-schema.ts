export const COMMUNICATION_SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS communication;
  CREATE TABLE IF NOT EXISTS communication.messages (
    id uuid PRIMARY KEY,
    recipent_email text,
    recipent_user_id uuid,
    sender_user_id uuid,
    title text NOT NULL,
    content text NOT NULL,
    timestamp timestamptz NOT NULL,
    is_read boolean NOT NULL DEFAULT false
  );
  CREATE INDEX IF NOT EXISTS messages_recipient ON communication.messages (recipent_user_id, timestamp DESC);
  CREATE TABLE IF NOT EXISTS communication.alerts (
    id uuid PRIMARY KEY,
    message text NOT NULL,
    created_at timestamptz NOT NULL,
    is_read boolean NOT NULL DEFAULT false,
    type text NOT NULL
  );
  CREATE INDEX IF NOT EXISTS alerts_created_at ON communication.alerts (created_at DESC);
`;
