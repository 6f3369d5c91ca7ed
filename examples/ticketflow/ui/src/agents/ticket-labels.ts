import type { SeverityLevel, TicketStatus } from '../api/tickets-api';
import type { Tone } from '../components/badge';

export const ticketStatuses: TicketStatus[] = [
  'WaitingForScheduledAction',
  'BeforeQualification',
  'Qualified',
  'Blocked',
  'Resolved',
];

const statusLooks: Record<TicketStatus, { label: string; tone: Tone }> = {
  WaitingForScheduledAction: { label: 'Waiting for the system', tone: 'slate' },
  BeforeQualification: { label: 'Before qualification', tone: 'blue' },
  Qualified: { label: 'Qualified', tone: 'violet' },
  Blocked: { label: 'Blocked', tone: 'red' },
  Resolved: { label: 'Resolved', tone: 'green' },
};

export function ticketStatusLook(status: string): { label: string; tone: Tone } {
  return statusLooks[status as TicketStatus] ?? { label: status, tone: 'slate' };
}

export const severityLevels: SeverityLevel[] = ['Low', 'Medium', 'High', 'Critical'];

const severityTones: Record<SeverityLevel, Tone> = {
  Low: 'slate',
  Medium: 'blue',
  High: 'amber',
  Critical: 'red',
};

export function severityTone(severity: SeverityLevel): Tone {
  return severityTones[severity] ?? 'slate';
}
