import type { SqlExecutor } from '@pragmatic-messaging/core';
import { type ClientTier, DEFAULT_SLA, type SignedSla } from './signed-sla.js';

interface SignedSlaRow {
  company_name: string;
  domain: string;
  client_tier: ClientTier;
  response_deadlines: SignedSla['responseDeadlines'] | string;
}

/** The SLA signed with the requester's domain, or the default one. */
export async function findSignedSla(sql: SqlExecutor, domain: string): Promise<SignedSla> {
  const { rows } = await sql.query<SignedSlaRow>('SELECT * FROM sla.signed_slas WHERE domain = $1', [domain]);
  const row = rows[0];
  if (!row) return DEFAULT_SLA;
  const deadlines = row.response_deadlines;
  return {
    companyName: row.company_name,
    domain: row.domain,
    clientTier: row.client_tier,
    responseDeadlines: typeof deadlines === 'string' ? JSON.parse(deadlines) : deadlines,
  };
}
