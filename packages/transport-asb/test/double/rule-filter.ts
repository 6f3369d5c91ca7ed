import type { CorrelationRuleFilter, ServiceBusMessage, SqlRuleFilter } from '@azure/service-bus';

/**
 * Rule evaluation as documented in "Topic filters and actions"
 * (https://learn.microsoft.com/azure/service-bus-messaging/topic-filters):
 * - a correlation filter matches when every property it sets equals the message's (application properties too);
 * - the true filter (`1=1`, the `$Default` rule of a new subscription) matches everything, `1=0` nothing;
 * - rules without actions are OR-ed and give the subscription a single copy, however many match.
 * The double supports no other SQL expression and no rule actions: it refuses them instead of guessing.
 */
export type RuleFilter = SqlRuleFilter | CorrelationRuleFilter;

const CORRELATION_FIELDS = [
  'correlationId',
  'messageId',
  'to',
  'replyTo',
  'subject',
  'sessionId',
  'replyToSessionId',
  'contentType',
] as const;

export function assertSupportedFilter(filter: RuleFilter): void {
  if ('sqlExpression' in filter && !['1=1', '1=0'].includes(filter.sqlExpression.replace(/\s/g, ''))) {
    throw new Error(
      `The Service Bus double evaluates only the SQL filters 1=1 and 1=0, not "${filter.sqlExpression}"; ` +
        'use a correlation filter',
    );
  }
}

export function matchesFilter(filter: RuleFilter, message: ServiceBusMessage): boolean {
  if ('sqlExpression' in filter) return filter.sqlExpression.replace(/\s/g, '') === '1=1';
  for (const field of CORRELATION_FIELDS) {
    const wanted = filter[field];
    if (wanted !== undefined && String(message[field] ?? '') !== wanted) return false;
  }
  for (const [name, wanted] of Object.entries(filter.applicationProperties ?? {})) {
    if (String(message.applicationProperties?.[name]) !== String(wanted)) return false;
  }
  return true;
}
