import { z } from 'zod';

/** A row of tickets.agents. */
export interface AgentRow {
  id: string;
  user_id: string;
  full_name: string;
  position: string;
  avatar_url: string;
}

/** An agent as the HTTP API shows it. */
export const AgentEntry = z.object({
  id: z.string(),
  userId: z.string(),
  fullName: z.string(),
  position: z.enum(['Agent', 'Supervisor']),
  avatarUrl: z.string(),
});
export type AgentEntry = z.infer<typeof AgentEntry>;

export function agentEntry(row: AgentRow): AgentEntry {
  return {
    id: row.id,
    userId: row.user_id,
    fullName: row.full_name,
    position: row.position as AgentEntry['position'],
    avatarUrl: row.avatar_url,
  };
}
