import type { MessageRecord } from '../model/message-record.js';
import { type CorrelationFilter, matchesCorrelation } from './correlation-filter.js';
import { parseSqlFilter, type SqlFilter } from './sql-filter.js';

export type RuleFilter = SqlFilter | CorrelationFilter;

/** A subscription rule. Rule actions (SQL that rewrites properties) are not emulated and are refused. */
export interface Rule {
  readonly name: string;
  readonly filter: RuleFilter;
}

/** What a subscription gets when it is created without a default rule: everything. */
export const DEFAULT_RULE_NAME = '$Default';
export const trueFilter = (): SqlFilter => parseSqlFilter('1=1');

export function matchesFilter(filter: RuleFilter, record: MessageRecord): boolean {
  return filter.kind === 'sql' ? filter.evaluate(record) : matchesCorrelation(filter, record);
}
