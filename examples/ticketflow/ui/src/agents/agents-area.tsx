import { useState } from 'react';
import { communicationApi } from '../api/communication-api';
import { type Agent, ticketsApi } from '../api/tickets-api';
import { Button } from '../components/button';
import { ErrorNotice, LoadingNotice } from '../components/notices';
import { useLocalStorage } from '../hooks/use-local-storage';
import { useResource } from '../hooks/use-resource';
import { MessageInbox } from '../messages/message-inbox';
import { AgentAvatar } from './agent-avatar';
import { AgentPicker } from './agent-picker';
import { AlertsBell } from './alerts-bell';
import { ServiceStatus } from './service-status';
import { TicketDetails } from './ticket-details';
import { TicketList } from './ticket-list';

export function AgentsArea() {
  const agents = useResource('agents', ticketsApi.agents);
  const [currentId, setCurrentId] = useLocalStorage<string | null>('agent-storage', null);
  const [picking, setPicking] = useState(false);
  const [openTicketId, setOpenTicketId] = useState<string>();

  if (agents.error) return <ErrorNotice error={agents.error} onRetry={agents.reload} />;
  if (!agents.data) return <LoadingNotice what="agents" />;
  const all = agents.data;
  const current = all.find((agent) => agent.id === currentId);
  const pick = (agent: Agent) => {
    setCurrentId(agent.id);
    setPicking(false);
  };

  if (!current || picking) {
    return (
      <div className="mx-auto flex max-w-2xl flex-col gap-4">
        <h1 className="text-2xl font-bold">Agents</h1>
        <AgentPicker agents={all} currentId={current?.id} onPick={pick} />
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-3">
          <AgentAvatar agent={current} />
          <div>
            <h1 className="text-2xl font-bold">Agents</h1>
            <p className="text-sm text-slate-600" data-testid="working-as">
              Working as {current.fullName} ({current.position})
            </p>
          </div>
          <Button small onClick={() => setPicking(true)}>
            Change
          </Button>
        </div>
        <div className="flex items-center gap-2">
          <AlertsBell />
          <MessageInbox
            title={`Messages for ${current.fullName}`}
            inboxKey={`agent-inbox-${current.userId}`}
            load={(query) => communicationApi.agentMessages(current.userId, query)}
            concerns={(event) => event.recipentUserId === current.userId}
            senderName={(senderUserId) =>
              all.find((agent) => agent.userId === senderUserId)?.fullName ?? 'TicketFlow'
            }
          />
        </div>
      </div>
      <div className="grid gap-4 xl:grid-cols-[1fr_20rem]">
        <TicketList actor={current} agents={all} onOpen={setOpenTicketId} />
        <ServiceStatus />
      </div>
      {openTicketId ? (
        <TicketDetails
          ticketId={openTicketId}
          actor={current}
          agents={all}
          onClose={() => setOpenTicketId(undefined)}
        />
      ) : null}
    </div>
  );
}
