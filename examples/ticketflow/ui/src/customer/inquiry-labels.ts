import type { Tone } from '../components/badge';

export const inquiryStatusLooks: Record<string, { label: string; tone: Tone }> = {
  New: { label: 'New', tone: 'blue' },
  InProgress: { label: 'In progress', tone: 'amber' },
  Resolved: { label: 'Resolved', tone: 'green' },
  Closed: { label: 'Closed', tone: 'slate' },
};

export function inquiryStatusLook(status: string): { label: string; tone: Tone } {
  return inquiryStatusLooks[status] ?? { label: status, tone: 'slate' };
}
