import { describe, expect, it } from 'vitest';
import { reminderText, resolutionText } from '../../../src/services/communication/message-texts.js';

const ticketId = '0b8f2f7e-1c1d-4c55-9f51-6f6d8a1f0c11';
const reminder = (kind: 'first' | 'second' | 'final' | 'breach') => ({
  serviceType: 'IncidentTicket' as const,
  serviceSourceId: ticketId,
  kind,
  userIdToRemind: '00000000-0000-0000-0000-000000000002',
  deadlineUtc: '2026-01-05T10:30:00.000Z',
});

describe('message texts', () => {
  it('titles each reminder kind and names the ticket, its type and deadline', () => {
    expect(reminderText(reminder('first')).title).toBe('Reminder #1');
    expect(reminderText(reminder('second')).title).toBe('Reminder #2');
    expect(reminderText(reminder('final')).title).toBe('Final reminder');
    expect(reminderText(reminder('breach')).title).toBe('SLA breached');
    const content = reminderText(reminder('final')).content;
    expect(content).toContain(`Ticket - Incident - ID: ${ticketId}`);
    expect(content).toContain('about to breach');
    expect(content).toContain('2026-01-05T10:30:00.000Z');
    expect(reminderText({ ...reminder('first'), serviceType: 'QuestionTicket' }).content).toContain(
      'Ticket - Question',
    );
  });

  it('tells the customer the status and resolution', () => {
    const text = resolutionText({
      ticketId,
      version: 5,
      status: 'Resolved',
      resolution: 'Restarted the router',
      email: 'anna@example.com',
      agentUserId: null,
    });
    expect(text.title).toBe('Your inquiry has been resolved');
    expect(text.content).toContain('[Resolved]');
    expect(text.content).toContain('Restarted the router');
  });
});
