import { describe, expect, it } from 'vitest';
import { reminderText, resolutionText } from '../../../src/services/communication/message-texts.js';

const ticketId = '0b8f2f7e-1c1d-4c55-9f51-6f6d8a1f0c11';
const reminder = (kind: 'first' | 'second' | 'final' | 'breach') => ({
  serviceType: 'IncidentTicket' as const,
  serviceSourceId: ticketId,
  kind,
  userIdToRemind: '00000000-0000-0000-0000-000000000002',
  deadlineUtc: '2026-01-05T10:30:00.000Z',
  title: 'Printer on fire',
});

describe('message texts', () => {
  it('titles each reminder kind and names the ticket by its title, with its kind and a readable deadline', () => {
    expect(reminderText(reminder('first')).title).toBe('Reminder #1');
    expect(reminderText(reminder('second')).title).toBe('Reminder #2');
    expect(reminderText(reminder('final')).title).toBe('Final reminder');
    expect(reminderText(reminder('breach')).title).toBe('SLA breached');
    expect(reminderText(reminder('final')).content).toBe(
      'Your incident “Printer on fire” is about to breach its SLA - act as soon as possible!\nDeadline: Mon 5 Jan 2026, 10:30 UTC',
    );
    expect(reminderText({ ...reminder('first'), serviceType: 'QuestionTicket' }).content).toBe(
      'Your question “Printer on fire” awaits your action.\nDeadline: Mon 5 Jan 2026, 10:30 UTC',
    );
    for (const kind of ['first', 'second', 'final', 'breach'] as const) {
      expect(reminderText(reminder(kind)).content).not.toContain(ticketId);
    }
  });

  it('falls back to the ticket id for a reminder sent before reminders carried the title', () => {
    const { title: _title, ...untitled } = reminder('first');
    expect(reminderText(untitled).content).toContain(`ticket ${ticketId}`);
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
