import { randomUUID } from 'node:crypto';
import type { Publish, SqlExecutor } from '@pragmatic-messaging/core';
import { z } from 'zod';
import { AlertStored } from '../../contracts/communication-contracts.js';

export type AlertType = 'Incident' | 'SLA';

export interface AlertRow {
  id: string;
  message: string;
  created_at: Date | string;
  is_read: boolean;
  type: AlertType;
}

/** An alert as the HTTP API shows it. */
export const AlertEntry = z.object({
  id: z.string(),
  message: z.string(),
  createdAt: z.string(),
  isRead: z.boolean(),
  type: z.enum(['Incident', 'SLA']),
});

export function alertEntry(row: AlertRow): z.infer<typeof AlertEntry> {
  return {
    id: row.id,
    message: row.message,
    createdAt: new Date(row.created_at).toISOString(),
    isRead: row.is_read,
    type: row.type,
  };
}

/** Stores an operator alert (incident, SLA breach) and tells live views (AlertStored) in the same transaction. */
export async function storeAlert(
  sql: SqlExecutor,
  publish: Publish,
  type: AlertType,
  message: string,
): Promise<string> {
  const id = randomUUID();
  await sql.query(
    'INSERT INTO communication.alerts (id, message, created_at, type) VALUES ($1, $2, $3, $4)',
    [id, message, new Date().toISOString(), type],
  );
  await publish(AlertStored, { id, type, message });
  return id;
}
