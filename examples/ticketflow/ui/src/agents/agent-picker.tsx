import type { Agent } from '../api/tickets-api';
import { Card } from '../components/card';
import { AgentAvatar } from './agent-avatar';

const groups: { position: Agent['position']; label: string }[] = [
  { position: 'Agent', label: 'Agents' },
  { position: 'Supervisor', label: 'Supervisors' },
];

export function AgentPicker({
  agents,
  currentId,
  onPick,
}: {
  agents: Agent[];
  currentId?: string;
  onPick: (agent: Agent) => void;
}) {
  return (
    <Card title="Choose who you work as">
      <div className="grid gap-4 sm:grid-cols-2">
        {groups.map((group) => (
          <section key={group.position} aria-label={group.label}>
            <h3 className="mb-2 text-sm font-semibold text-slate-600">{group.label}</h3>
            <ul className="flex flex-col gap-1">
              {agents
                .filter((agent) => agent.position === group.position)
                .map((agent) => (
                  <li key={agent.id}>
                    <button
                      type="button"
                      onClick={() => onPick(agent)}
                      aria-pressed={agent.id === currentId}
                      data-agent-name={agent.fullName}
                      className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left text-sm ring-1 ring-slate-200 hover:bg-indigo-50 aria-pressed:bg-indigo-100 aria-pressed:ring-indigo-400"
                    >
                      <AgentAvatar agent={agent} />
                      {agent.fullName}
                    </button>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
    </Card>
  );
}
