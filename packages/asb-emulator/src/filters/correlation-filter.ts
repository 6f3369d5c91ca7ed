import type { MessageRecord } from '../model/message-record.js';

export type FilterValue = string | number | boolean | Date;

/** A correlation filter: every property it names must equal the message's (all are optional). */
export interface CorrelationFilter {
  readonly kind: 'correlation';
  readonly correlationId?: string;
  readonly messageId?: string;
  readonly to?: string;
  readonly replyTo?: string;
  /** Service Bus calls it Label on the wire and in ATOM; the SDK calls it subject. */
  readonly subject?: string;
  readonly sessionId?: string;
  readonly replyToSessionId?: string;
  readonly contentType?: string;
  readonly applicationProperties?: Readonly<Record<string, FilterValue>>;
}

const SYSTEM_FIELDS = {
  correlationId: 'correlation_id',
  messageId: 'message_id',
  to: 'to',
  replyTo: 'reply_to',
  subject: 'subject',
  sessionId: 'group_id',
  replyToSessionId: 'reply_to_group_id',
  contentType: 'content_type',
} as const;

export function matchesCorrelation(filter: CorrelationFilter, record: MessageRecord): boolean {
  for (const [name, field] of Object.entries(SYSTEM_FIELDS)) {
    const wanted = filter[name as keyof typeof SYSTEM_FIELDS];
    if (wanted === undefined) continue;
    const actual = record.fields[field];
    if (actual === undefined || actual === null || textOf(actual) !== wanted) return false;
  }
  const properties = record.fields.application_properties ?? {};
  for (const [name, wanted] of Object.entries(filter.applicationProperties ?? {})) {
    if (!sameValue(properties[name], wanted)) return false;
  }
  return true;
}

function textOf(value: unknown): string {
  return Buffer.isBuffer(value) ? value.toString('hex') : String(value);
}

function sameValue(actual: unknown, wanted: FilterValue): boolean {
  if (wanted instanceof Date) return actual instanceof Date && actual.getTime() === wanted.getTime();
  return actual === wanted;
}
