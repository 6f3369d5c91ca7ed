import { describe, expect, it } from 'vitest';
import { ticketPermissions } from '../../ui/src/agents/ticket-permissions';
import type { TicketStatus } from '../../ui/src/api/tickets-api';

const supervisor = { id: 'sup-1', position: 'Supervisor' as const };
const agent = { id: 'agent-2', position: 'Agent' as const };
const otherAgent = { id: 'agent-3', position: 'Agent' as const };
const ticket = (status: TicketStatus, agentId: string | null = null) => ({ status, agentId });

describe('ticket permissions (original §7.2 role rules + API state rules)', () => {
  it('lets only a supervisor qualify, and only before qualification', () => {
    expect(ticketPermissions(ticket('BeforeQualification'), supervisor).qualify.allowed).toBe(true);
    expect(ticketPermissions(ticket('BeforeQualification'), agent).qualify).toEqual({
      allowed: false,
      reason: 'Only a supervisor can qualify a ticket.',
    });
    expect(ticketPermissions(ticket('Qualified'), supervisor).qualify.reason).toBe(
      'The ticket is already qualified.',
    );
    expect(ticketPermissions(ticket('WaitingForScheduledAction'), supervisor).qualify.reason).toMatch(
      /waiting/,
    );
  });

  it('allows assignment only when Qualified or Blocked and not yet assigned', () => {
    expect(ticketPermissions(ticket('Qualified'), agent).assign.allowed).toBe(true);
    expect(ticketPermissions(ticket('Blocked'), supervisor).assign.allowed).toBe(true);
    expect(ticketPermissions(ticket('BeforeQualification'), supervisor).assign.reason).toMatch(
      /after qualification/,
    );
    expect(ticketPermissions(ticket('Qualified', agent.id), supervisor).assign.reason).toMatch(
      /already assigned/,
    );
  });

  it('lets the assignee or a supervisor block, unblock and resolve, in the right states', () => {
    const assigned = ticket('Qualified', agent.id);
    expect(ticketPermissions(assigned, agent).block.allowed).toBe(true);
    expect(ticketPermissions(assigned, agent).resolve.allowed).toBe(true);
    expect(ticketPermissions(assigned, supervisor).resolve.allowed).toBe(true);
    expect(ticketPermissions(assigned, otherAgent).block.reason).toBe(
      'Only the assigned agent or a supervisor can do this.',
    );
    expect(ticketPermissions(assigned, agent).unblock.reason).toBe('Only a blocked ticket can be unblocked.');

    const blocked = ticket('Blocked', agent.id);
    expect(ticketPermissions(blocked, agent).unblock.allowed).toBe(true);
    expect(ticketPermissions(blocked, agent).block.allowed).toBe(false);
    expect(ticketPermissions(blocked, agent).resolve.reason).toBe('Unblock the ticket before resolving it.');
  });

  it('needs an assignee before anyone handles the ticket', () => {
    expect(ticketPermissions(ticket('Qualified'), supervisor).block.reason).toBe(
      'Assign the ticket to an agent first.',
    );
    expect(ticketPermissions(ticket('Qualified'), supervisor).resolve.allowed).toBe(false);
  });

  it('allows nothing on a resolved ticket', () => {
    const permissions = ticketPermissions(ticket('Resolved', agent.id), supervisor);
    for (const permission of Object.values(permissions)) {
      expect(permission).toEqual({ allowed: false, reason: 'The ticket is already resolved.' });
    }
  });
});
