export type SlaServiceType = 'IncidentTicket' | 'QuestionTicket';
export type Severity = 'Low' | 'Medium' | 'High' | 'Critical';
export type ClientTier = 'Standard' | 'Premium' | 'VIP';

/** How long the team has to resolve a ticket, per severity, in milliseconds. */
export type ResponseDeadlines = Readonly<Partial<Record<Severity, number>>>;

/** A service-level agreement signed with a customer company, matched by the domain of the requester's e-mail. */
export interface SignedSla {
  readonly companyName: string;
  readonly domain: string;
  readonly clientTier: ClientTier;
  readonly responseDeadlines: Readonly<Partial<Record<SlaServiceType, ResponseDeadlines>>>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const standardDeadlines: ResponseDeadlines = { Low: 7 * DAY, Medium: 3 * DAY, High: DAY, Critical: HOUR };
const vipDeadlines: ResponseDeadlines = {
  Low: 30 * MINUTE,
  Medium: 15 * MINUTE,
  High: 3 * MINUTE,
  Critical: MINUTE,
};

/** Applies to every requester whose domain has no signed SLA. */
export const DEFAULT_SLA: SignedSla = {
  companyName: 'Default',
  domain: '',
  clientTier: 'Standard',
  responseDeadlines: { IncidentTicket: standardDeadlines, QuestionTicket: standardDeadlines },
};

/** The seeded agreement (as in the original): DevMentors' VIP deadlines are minutes, so breaches are easy to see. */
export const DEVMENTORS_SLA: SignedSla = {
  companyName: 'DevMentors',
  domain: 'devmentors.io',
  clientTier: 'VIP',
  responseDeadlines: { IncidentTicket: vipDeadlines, QuestionTicket: vipDeadlines },
};

/** The part after the `@`, compared exactly (as in the original: `x@sub.devmentors.io` does not match). */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/**
 * The span the SLA grants for this service type and severity; undefined when the SLA does not cover the service
 * type (no deadline at all). A missing or zero severity falls back to the default SLA's span.
 */
export function responseSpanMs(
  sla: SignedSla,
  serviceType: SlaServiceType,
  severity: Severity,
): number | undefined {
  const deadlines = sla.responseDeadlines[serviceType];
  if (!deadlines) return undefined;
  const span = deadlines[severity];
  return span ? span : DEFAULT_SLA.responseDeadlines[serviceType]?.[severity];
}

export function serviceTypeOf(ticketType: 'Incident' | 'Question'): SlaServiceType {
  return ticketType === 'Incident' ? 'IncidentTicket' : 'QuestionTicket';
}
