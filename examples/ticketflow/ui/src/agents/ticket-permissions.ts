import type { Agent, Ticket } from '../api/tickets-api';

export type TicketAction = 'qualify' | 'assign' | 'block' | 'unblock' | 'resolve';

export interface Permission {
  allowed: boolean;
  /** Why the action is not available, shown next to the disabled button. */
  reason?: string;
}

export type TicketPermissions = Record<TicketAction, Permission>;

const allowed: Permission = { allowed: true };
const denied = (reason: string): Permission => ({ allowed: false, reason });

/**
 * What the person working in the agents area may do with a ticket: the API's state rules (it answers 409
 * otherwise) plus the original service desk's role rules, which only the UI enforces — supervisors qualify
 * and assign anyone; agents take tickets for themselves; only the assignee or a supervisor handles them.
 */
export function ticketPermissions(
  ticket: Pick<Ticket, 'status' | 'agentId'>,
  actor: Pick<Agent, 'id' | 'position'>,
): TicketPermissions {
  if (ticket.status === 'Resolved') {
    const resolved = denied('The ticket is already resolved.');
    return { qualify: resolved, assign: resolved, block: resolved, unblock: resolved, resolve: resolved };
  }
  const handling = handlingPermission(ticket, actor);
  return {
    qualify: qualifyPermission(ticket, actor),
    assign: assignPermission(ticket),
    block: ticket.status === 'Qualified' ? handling : denied('Only a qualified ticket can be blocked.'),
    unblock: ticket.status === 'Blocked' ? handling : denied('Only a blocked ticket can be unblocked.'),
    resolve: resolvePermission(ticket, handling),
  };
}

function qualifyPermission(ticket: Pick<Ticket, 'status'>, actor: Pick<Agent, 'position'>): Permission {
  if (actor.position !== 'Supervisor') return denied('Only a supervisor can qualify a ticket.');
  if (ticket.status === 'WaitingForScheduledAction') {
    return denied('The ticket is waiting for the system (translation) to finish.');
  }
  if (ticket.status !== 'BeforeQualification') return denied('The ticket is already qualified.');
  return allowed;
}

function assignPermission(ticket: Pick<Ticket, 'status' | 'agentId'>): Permission {
  if (ticket.status !== 'Qualified' && ticket.status !== 'Blocked') {
    return denied('A ticket can be assigned only after qualification.');
  }
  if (ticket.agentId) return denied('The ticket is already assigned; reassigning is not allowed.');
  return allowed;
}

function handlingPermission(
  ticket: Pick<Ticket, 'agentId'>,
  actor: Pick<Agent, 'id' | 'position'>,
): Permission {
  if (!ticket.agentId) return denied('Assign the ticket to an agent first.');
  if (actor.position !== 'Supervisor' && ticket.agentId !== actor.id) {
    return denied('Only the assigned agent or a supervisor can do this.');
  }
  return allowed;
}

function resolvePermission(ticket: Pick<Ticket, 'status'>, handling: Permission): Permission {
  if (ticket.status === 'Blocked') return denied('Unblock the ticket before resolving it.');
  if (ticket.status !== 'Qualified') return denied('Only a qualified ticket can be resolved.');
  return handling;
}
