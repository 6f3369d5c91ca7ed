import type { Agent } from '../api/tickets-api';

/** Initials instead of the seed's remote avatar image, so the UI needs no third-party network access. */
export function AgentAvatar({ agent }: { agent: Pick<Agent, 'fullName' | 'position'> }) {
  const initials = agent.fullName
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const colour = agent.position === 'Supervisor' ? 'bg-amber-200 text-amber-900' : 'bg-sky-200 text-sky-900';
  return (
    <span
      aria-hidden="true"
      className={`inline-flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-bold ${colour}`}
    >
      {initials}
    </span>
  );
}
