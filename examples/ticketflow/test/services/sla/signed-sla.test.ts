import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SLA,
  DEVMENTORS_SLA,
  domainOf,
  responseSpanMs,
  type SignedSla,
  serviceTypeOf,
} from '../../../src/services/sla/signed-sla.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('signed SLAs', () => {
  it('matches the exact domain after the @', () => {
    expect(domainOf('anna@devmentors.io')).toBe('devmentors.io');
    expect(domainOf('anna@test.devmentors.io')).toBe('test.devmentors.io');
  });

  it('gives the VIP spans of the seeded DevMentors SLA', () => {
    expect(responseSpanMs(DEVMENTORS_SLA, 'IncidentTicket', 'Low')).toBe(30 * MINUTE);
    expect(responseSpanMs(DEVMENTORS_SLA, 'QuestionTicket', 'Medium')).toBe(15 * MINUTE);
    expect(responseSpanMs(DEVMENTORS_SLA, 'IncidentTicket', 'High')).toBe(3 * MINUTE);
    expect(responseSpanMs(DEVMENTORS_SLA, 'QuestionTicket', 'Critical')).toBe(MINUTE);
  });

  it('gives the Standard spans of the default SLA', () => {
    expect(responseSpanMs(DEFAULT_SLA, 'QuestionTicket', 'Low')).toBe(7 * DAY);
    expect(responseSpanMs(DEFAULT_SLA, 'IncidentTicket', 'Medium')).toBe(3 * DAY);
    expect(responseSpanMs(DEFAULT_SLA, 'IncidentTicket', 'High')).toBe(DAY);
    expect(responseSpanMs(DEFAULT_SLA, 'QuestionTicket', 'Critical')).toBe(60 * MINUTE);
  });

  it('falls back to the default span for a missing or zero severity, and has none for an uncovered service', () => {
    const partial: SignedSla = {
      companyName: 'Partial',
      domain: 'partial.example',
      clientTier: 'Premium',
      responseDeadlines: { IncidentTicket: { Low: 0, High: 5 * MINUTE } },
    };
    expect(responseSpanMs(partial, 'IncidentTicket', 'High')).toBe(5 * MINUTE);
    expect(responseSpanMs(partial, 'IncidentTicket', 'Low')).toBe(7 * DAY);
    expect(responseSpanMs(partial, 'IncidentTicket', 'Critical')).toBe(60 * MINUTE);
    expect(responseSpanMs(partial, 'QuestionTicket', 'Low')).toBeUndefined();
  });

  it('maps ticket types to service types', () => {
    expect(serviceTypeOf('Incident')).toBe('IncidentTicket');
    expect(serviceTypeOf('Question')).toBe('QuestionTicket');
  });
});
