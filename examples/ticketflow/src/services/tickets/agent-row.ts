/** A row of tickets.agents. */
export interface AgentRow {
  id: string;
  user_id: string;
  full_name: string;
  position: string;
  avatar_url: string;
}

/** An agent as the HTTP API shows it. */
export function agentEntry(row: AgentRow) {
  return {
    id: row.id,
    userId: row.user_id,
    fullName: row.full_name,
    position: row.position,
    avatarUrl: row.avatar_url,
  };
}
