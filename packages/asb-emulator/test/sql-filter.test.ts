import { describe, expect, it } from 'vitest';
import { parseSqlFilter } from '../src/filters/sql-filter.js';
import type { MessageRecord } from '../src/model/message-record.js';

const message = (fields: MessageRecord['fields']): MessageRecord => ({
  fields,
  body: Buffer.alloc(0),
  size: 0,
});
const matches = (expression: string, fields: MessageRecord['fields']) =>
  parseSqlFilter(expression).evaluate(message(fields));

describe('SQL filter subset', () => {
  const order = message({
    subject: 'paid',
    to: 'orders',
    application_properties: { amount: 12, region: 'eu-west' },
  });

  it('compares system and user properties, with AND, OR, NOT and parentheses', () => {
    expect(parseSqlFilter("sys.Label = 'paid' AND amount > 10").evaluate(order)).toBe(true);
    expect(parseSqlFilter("sys.To = 'orders' AND (amount < 5 OR region = 'us')").evaluate(order)).toBe(false);
    expect(parseSqlFilter("NOT user.region = 'us'").evaluate(order)).toBe(true);
    expect(matches('1=1', {})).toBe(true);
  });

  it('IN, LIKE, IS NULL and EXISTS; a missing property is unknown, never true', () => {
    expect(parseSqlFilter("region IN ('eu-west', 'eu-north')").evaluate(order)).toBe(true);
    expect(parseSqlFilter("region LIKE 'eu-%'").evaluate(order)).toBe(true);
    expect(parseSqlFilter("region NOT LIKE 'us%'").evaluate(order)).toBe(true);
    expect(parseSqlFilter('missing IS NULL AND EXISTS(amount)').evaluate(order)).toBe(true);
    expect(parseSqlFilter('missing = 1').evaluate(order)).toBe(false);
    expect(parseSqlFilter('NOT missing = 1').evaluate(order)).toBe(false);
  });

  it('refuses what it does not emulate instead of misreading it', () => {
    expect(() => parseSqlFilter('amount + 1 > 2')).toThrow(/Unsupported/);
    expect(() => parseSqlFilter('sys.DeliveryCount > 1')).toThrow(/not emulated/);
    expect(() => parseSqlFilter("amount = 'x' AND")).toThrow();
  });
});
