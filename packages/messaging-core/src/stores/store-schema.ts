import { ConfigurationError } from '../errors.js';

/**
 * The table layout, in PostgreSQL dialect, shared by the PostgreSQL and PGlite stores. All tables live in one
 * schema (default `messaging`), so several services can share a database with a schema each.
 *
 * - outbox: messages waiting to be published (sent_at null) or recently published (kept for `sentRetentionMs`).
 *   `ordering_key` scopes per-key order; `sequence` is the order inside it. Two partial indexes cover only the
 *   unsent rows: by key (is this row its key's oldest?) and by sequence (the relay's walk).
 * - inbox: (endpoint, message_id) pairs already processed, kept for `inboxRetentionMs`.
 * - entity_versions: the last entity version each endpoint applied, for the ordering guard.
 */
export function schemaStatements(schema: string): string[] {
  const s = quoteIdentifier(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.outbox (
      sequence bigserial PRIMARY KEY,
      message_id text NOT NULL,
      type text NOT NULL,
      topic text NOT NULL,
      message_key text,
      ordering_key text NOT NULL,
      headers jsonb NOT NULL,
      body bytea NOT NULL,
      mandatory boolean NOT NULL DEFAULT true,
      message_timestamp bigint NOT NULL,
      stored_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      publish_attempts integer NOT NULL DEFAULT 0,
      last_error text
    )`,
    `CREATE INDEX IF NOT EXISTS outbox_unsent_by_key ON ${s}.outbox (ordering_key, sequence) WHERE sent_at IS NULL`,
    // The relay walks the unsent rows in this order; sent rows kept for inspection are not in it.
    `CREATE INDEX IF NOT EXISTS outbox_unsent ON ${s}.outbox (sequence) WHERE sent_at IS NULL`,
    `CREATE INDEX IF NOT EXISTS outbox_sent_at ON ${s}.outbox (sent_at) WHERE sent_at IS NOT NULL`,
    `CREATE TABLE IF NOT EXISTS ${s}.inbox (
      endpoint text NOT NULL,
      message_id text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (endpoint, message_id)
    )`,
    `CREATE INDEX IF NOT EXISTS inbox_processed_at ON ${s}.inbox (processed_at)`,
    `CREATE TABLE IF NOT EXISTS ${s}.entity_versions (
      endpoint text NOT NULL,
      entity_key text NOT NULL,
      version bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (endpoint, entity_key)
    )`,
  ];
}

export function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new ConfigurationError(
      `Schema name "${name}" is not allowed: use lower-case letters, digits and underscores (at most 63)`,
    );
  }
  return `"${name}"`;
}

/** The notification channel on which committed outbox rows are announced (LISTEN/NOTIFY). */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}
