import type { CorrelationFilter, FilterValue } from '../filters/correlation-filter.js';
import type { Rule, RuleFilter } from '../filters/rule.js';
import { parseSqlFilter, SqlSyntaxError } from '../filters/sql-filter.js';
import { INSTANCE_NS, type ParsedXml, SERVICE_BUS_NS, type XmlElement } from './atom-xml.js';
import { BadRequest } from './entity-descriptions.js';

const CORRELATION_FIELDS = {
  CorrelationId: 'correlationId',
  MessageId: 'messageId',
  To: 'to',
  ReplyTo: 'replyTo',
  Label: 'subject',
  SessionId: 'sessionId',
  ReplyToSessionId: 'replyToSessionId',
  ContentType: 'contentType',
} as const;
const XSD = 'http://www.w3.org/2001/XMLSchema';

/** A rule from a `<RuleDescription>` (or a subscription's `<DefaultRuleDescription>`). */
export function ruleOf(name: string, description: ParsedXml): Rule {
  const action = description.Action as ParsedXml | undefined;
  if (action && typeOf(action) === 'SqlRuleAction') {
    throw new BadRequest('SQL rule actions are not emulated');
  }
  return { name, filter: filterOf((description.Filter ?? {}) as ParsedXml) };
}

export function ruleElement(rule: Rule, createdAt: Date): XmlElement {
  return {
    name: 'RuleDescription',
    attributes: { xmlns: SERVICE_BUS_NS, 'xmlns:i': INSTANCE_NS },
    children: [
      filterElement(rule.filter),
      { name: 'Action', attributes: { 'i:type': 'EmptyRuleAction' } },
      { name: 'CreatedAt', text: createdAt.toISOString() },
      { name: 'Name', text: rule.name },
    ],
  };
}

function filterOf(filter: ParsedXml): RuleFilter {
  const type = typeOf(filter);
  try {
    if (type === 'TrueFilter') return parseSqlFilter('1=1');
    if (type === 'FalseFilter') return parseSqlFilter('1=0');
    if (type === 'SqlFilter') {
      return parseSqlFilter(String(filter.SqlExpression ?? ''), keyValuesOf(filter.Parameters));
    }
  } catch (error) {
    if (error instanceof SqlSyntaxError) throw new BadRequest(error.message);
    throw error;
  }
  if (type !== 'CorrelationFilter') throw new BadRequest(`Unknown filter type '${type}'`);
  const correlation: Record<string, unknown> = { kind: 'correlation' };
  for (const [element, field] of Object.entries(CORRELATION_FIELDS)) {
    if (typeof filter[element] === 'string') correlation[field] = filter[element];
  }
  const properties = keyValuesOf(filter.Properties);
  if (Object.keys(properties).length > 0) correlation.applicationProperties = properties;
  return correlation as unknown as CorrelationFilter;
}

function filterElement(filter: RuleFilter): XmlElement {
  if (filter.kind === 'sql') {
    return {
      name: 'Filter',
      attributes: { 'i:type': 'SqlFilter' },
      children: [
        { name: 'SqlExpression', text: filter.expression },
        { name: 'CompatibilityLevel', text: '20' },
        ...(filter.parameters && Object.keys(filter.parameters).length > 0
          ? [keyValuesElement('Parameters', filter.parameters)]
          : []),
      ],
    };
  }
  const children: XmlElement[] = [];
  for (const [element, field] of Object.entries(CORRELATION_FIELDS)) {
    const value = filter[field];
    if (value !== undefined) children.push({ name: element, text: value });
  }
  if (filter.applicationProperties)
    children.push(keyValuesElement('Properties', filter.applicationProperties));
  return { name: 'Filter', attributes: { 'i:type': 'CorrelationFilter' }, children };
}

function keyValuesElement(name: string, values: Readonly<Record<string, FilterValue>>): XmlElement {
  return {
    name,
    children: Object.entries(values).map(([key, value]) => ({
      name: 'KeyValueOfstringanyType',
      children: [
        { name: 'Key', text: key },
        {
          name: 'Value',
          // The SDK reads the type after a five-character prefix.
          attributes: { 'i:type': `d6p1:${xsdType(value)}`, 'xmlns:d6p1': XSD },
          text: value instanceof Date ? value.toISOString() : String(value),
        },
      ],
    })),
  };
}

function xsdType(value: FilterValue): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return 'dateTime';
  return Number.isInteger(value) ? 'int' : 'double';
}

function keyValuesOf(container: unknown): Record<string, FilterValue> {
  const raw = (container as ParsedXml | undefined)?.KeyValueOfstringanyType;
  const pairs = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const values: Record<string, FilterValue> = {};
  for (const pair of pairs as ParsedXml[]) {
    const value = pair.Value as ParsedXml | string;
    const text = typeof value === 'string' ? value : String(value?.['#text'] ?? '');
    const type =
      typeof value === 'string' ? 'string' : String(value?.['@type'] ?? 'string').replace(/^.*:/, '');
    values[String(pair.Key)] =
      type === 'string'
        ? text
        : type === 'boolean'
          ? text === 'true'
          : type === 'dateTime'
            ? new Date(text)
            : Number(text);
  }
  return values;
}

function typeOf(element: ParsedXml): string {
  return String(element['@type'] ?? '').replace(/^.*:/, '');
}
