import { useState } from 'react';
import { type Agent, type Ticket, ticketsApi } from '../api/tickets-api';
import { Button } from '../components/button';
import { useToasts } from '../components/toasts';
import { AssignDialog } from './assign-dialog';
import { QualifyDialog } from './qualify-dialog';
import { ReasonDialog } from './reason-dialog';
import { type Permission, type TicketAction, ticketPermissions } from './ticket-permissions';

type OpenDialog = TicketAction | undefined;

/**
 * The buttons to work on one ticket. Disabled buttons say why (tooltip, and as text when `explain` is set,
 * as in the details dialog).
 */
export function TicketActions({
  ticket,
  actor,
  agents,
  onChanged,
  explain = false,
}: {
  ticket: Ticket;
  actor: Agent;
  agents: Agent[];
  onChanged: () => void;
  explain?: boolean;
}) {
  const toasts = useToasts();
  const [dialog, setDialog] = useState<OpenDialog>();
  const permissions = ticketPermissions(ticket, actor);
  const supervisor = actor.position === 'Supervisor';

  const run = async (done: string, call: () => Promise<unknown>) => {
    try {
      await call();
      toasts.success(`Ticket "${ticket.title}" ${done}.`);
      setDialog(undefined);
      onChanged();
    } catch (error) {
      toasts.failure(`Ticket "${ticket.title}" could not be ${done}`, error);
    }
  };

  const blocked = ticket.status === 'Blocked';
  const buttons: { action: TicketAction; label: string; onClick: () => void }[] = [
    { action: 'qualify', label: 'Qualify', onClick: () => setDialog('qualify') },
    supervisor
      ? { action: 'assign', label: 'Assign to…', onClick: () => setDialog('assign') }
      : {
          action: 'assign',
          label: 'Assign to me',
          onClick: () => run('assigned to you', () => ticketsApi.assign(ticket.id, actor.id)),
        },
    blocked
      ? { action: 'unblock', label: 'Unblock', onClick: () => setDialog('unblock') }
      : { action: 'block', label: 'Block', onClick: () => setDialog('block') },
    { action: 'resolve', label: 'Resolve', onClick: () => setDialog('resolve') },
  ];

  return (
    <>
      <div className={explain ? 'flex flex-col gap-2' : 'flex flex-wrap gap-1'}>
        {buttons.map((button) => (
          <ActionButton
            key={button.action}
            permission={permissions[button.action]}
            explain={explain}
            {...button}
          />
        ))}
      </div>
      {dialog === 'qualify' ? (
        <QualifyDialog
          onClose={() => setDialog(undefined)}
          onConfirm={(type, severity) =>
            run('qualified', () => ticketsApi.qualify(ticket.id, type, severity))
          }
        />
      ) : null}
      {dialog === 'assign' ? (
        <AssignDialog
          agents={agents}
          onClose={() => setDialog(undefined)}
          onConfirm={(agentId) => run('assigned', () => ticketsApi.assign(ticket.id, agentId))}
        />
      ) : null}
      {dialog === 'block' || dialog === 'unblock' ? (
        <ReasonDialog
          title={dialog === 'block' ? 'Block ticket' : 'Unblock ticket'}
          label="Reason"
          confirmLabel={dialog === 'block' ? 'Block' : 'Unblock'}
          onClose={() => setDialog(undefined)}
          onConfirm={(reason) =>
            dialog === 'block'
              ? run('blocked', () => ticketsApi.block(ticket.id, reason))
              : run('unblocked', () => ticketsApi.unblock(ticket.id, reason))
          }
        />
      ) : null}
      {dialog === 'resolve' ? (
        <ReasonDialog
          title="Resolve ticket"
          label="Resolution"
          confirmLabel="Resolve"
          onClose={() => setDialog(undefined)}
          onConfirm={(resolution) => run('resolved', () => ticketsApi.resolve(ticket.id, resolution))}
        />
      ) : null}
    </>
  );
}

function ActionButton({
  label,
  permission,
  explain,
  onClick,
}: {
  label: string;
  permission: Permission;
  explain: boolean;
  onClick: () => void;
}) {
  const button = (
    <Button small disabled={!permission.allowed} title={permission.reason} onClick={onClick}>
      {label}
    </Button>
  );
  if (!explain) return button;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {button}
      {permission.reason ? <span className="text-xs text-slate-500">{permission.reason}</span> : null}
    </div>
  );
}
