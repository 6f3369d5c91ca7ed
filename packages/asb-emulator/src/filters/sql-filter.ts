import type { MessageRecord } from '../model/message-record.js';

/**
 * A subset of Service Bus's SQL filter language ("Subscription rule SQL filter syntax", learn.microsoft.com):
 * comparisons (`= <> != < <= > >=`), `AND`, `OR`, `NOT`, parentheses, `IS [NOT] NULL`, `[NOT] IN (…)`,
 * `[NOT] LIKE '…' [ESCAPE '…']`, `EXISTS(prop)`, `TRUE`/`FALSE`, string, number and `@parameter` literals, system
 * properties (`sys.Label`, `sys.To`, `sys.MessageId`, `sys.CorrelationId`, `sys.ContentType`, `sys.SessionId`,
 * `sys.ReplyTo`, `sys.ReplyToSessionId`) and user properties (`user.name`, `name`, `[name]`). No arithmetic and
 * no functions: an expression using them is refused when the rule is created, never silently misread.
 */
export interface SqlFilter {
  readonly kind: 'sql';
  readonly expression: string;
  readonly parameters?: Readonly<Record<string, string | number | boolean | Date>>;
  readonly evaluate: (record: MessageRecord) => boolean;
}

type Value = string | number | boolean | Date | null;
type Operand = (record: MessageRecord) => Value;
/** Three-valued: null is SQL's unknown. */
type Predicate = (record: MessageRecord) => boolean | null;

const SYSTEM_PROPERTIES: Record<string, string> = {
  label: 'subject',
  subject: 'subject',
  to: 'to',
  messageid: 'message_id',
  correlationid: 'correlation_id',
  contenttype: 'content_type',
  sessionid: 'group_id',
  replyto: 'reply_to',
  replytosessionid: 'reply_to_group_id',
};

export class SqlSyntaxError extends Error {
  override name = 'SqlSyntaxError';
}

export function parseSqlFilter(
  expression: string,
  parameters: Readonly<Record<string, string | number | boolean | Date>> = {},
): SqlFilter {
  const parser = new Parser(tokenize(expression), parameters);
  const predicate = parser.expression();
  parser.expectEnd();
  return { kind: 'sql', expression, parameters, evaluate: (record) => predicate(record) === true };
}

interface Token {
  readonly kind: 'word' | 'string' | 'number' | 'symbol' | 'parameter';
  readonly text: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(?<string>'(?:[^']|'')*')|(?<number>\d+(?:\.\d+)?)|(?<parameter>@[A-Za-z_][\w]*)|(?<bracket>\[[^\]]+\](?:\.\[[^\]]+\]|\.[A-Za-z_]\w*)*)|(?<word>[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*|\.\[[^\]]+\])*)|(?<symbol><>|!=|<=|>=|[=<>(),]))\s*/y;
  let index = 0;
  while (index < source.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(source);
    if (!match || match[0].length === 0) {
      if (/^\s*$/.test(source.slice(index))) break;
      throw new SqlSyntaxError(
        `Unsupported SQL filter syntax at position ${index}: '${source.slice(index)}'`,
      );
    }
    const groups = match.groups!;
    if (groups.string)
      tokens.push({ kind: 'string', text: groups.string.slice(1, -1).replaceAll("''", "'") });
    else if (groups.number) tokens.push({ kind: 'number', text: groups.number });
    else if (groups.parameter) tokens.push({ kind: 'parameter', text: groups.parameter });
    else if (groups.bracket) tokens.push({ kind: 'word', text: groups.bracket });
    else if (groups.word) tokens.push({ kind: 'word', text: groups.word });
    else tokens.push({ kind: 'symbol', text: groups.symbol! });
    index = pattern.lastIndex;
  }
  return tokens;
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'IS',
  'NULL',
  'IN',
  'LIKE',
  'ESCAPE',
  'EXISTS',
  'TRUE',
  'FALSE',
]);

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly parameters: Readonly<Record<string, string | number | boolean | Date>>,
  ) {}

  expression(): Predicate {
    let left = this.conjunction();
    while (this.keyword('OR')) {
      const right = this.conjunction();
      const first = left;
      left = (record) => or(first(record), right(record));
    }
    return left;
  }

  expectEnd(): void {
    const rest = this.tokens[this.position];
    if (rest) throw new SqlSyntaxError(`Unexpected '${rest.text}' in the SQL filter`);
  }

  private conjunction(): Predicate {
    let left = this.negation();
    while (this.keyword('AND')) {
      const right = this.negation();
      const first = left;
      left = (record) => and(first(record), right(record));
    }
    return left;
  }

  private negation(): Predicate {
    if (this.keyword('NOT')) {
      const inner = this.negation();
      return (record) => {
        const value = inner(record);
        return value === null ? null : !value;
      };
    }
    return this.predicate();
  }

  private predicate(): Predicate {
    if (this.symbol('(')) {
      const inner = this.expression();
      this.expectSymbol(')');
      return inner;
    }
    if (this.keyword('TRUE')) return () => true;
    if (this.keyword('FALSE')) return () => false;
    if (this.keyword('EXISTS')) {
      this.expectSymbol('(');
      const name = this.expectWord();
      this.expectSymbol(')');
      const property = propertyReader(name);
      return (record) => property(record) !== null;
    }
    const left = this.operand();
    if (this.keyword('IS')) {
      const negated = this.keyword('NOT');
      this.expectKeyword('NULL');
      return (record) => (left(record) === null) !== negated;
    }
    const negated = this.keyword('NOT');
    if (this.keyword('IN')) return this.inList(left, negated);
    if (this.keyword('LIKE')) return this.like(left, negated);
    if (negated) throw new SqlSyntaxError('NOT must be followed by IN or LIKE here');
    const operator = this.tokens[this.position];
    if (operator?.kind !== 'symbol' || !['=', '<>', '!=', '<', '<=', '>', '>='].includes(operator.text)) {
      throw new SqlSyntaxError(
        `Expected a comparison after an operand, got '${operator?.text ?? 'the end'}'`,
      );
    }
    this.position++;
    const right = this.operand();
    return (record) => compare(operator.text, left(record), right(record));
  }

  private inList(left: Operand, negated: boolean): Predicate {
    this.expectSymbol('(');
    const options: Operand[] = [this.operand()];
    while (this.symbol(',')) options.push(this.operand());
    this.expectSymbol(')');
    return (record) => {
      const value = left(record);
      if (value === null) return null;
      const found = options.some((option) => compare('=', value, option(record)) === true);
      return found !== negated;
    };
  }

  private like(left: Operand, negated: boolean): Predicate {
    const pattern = this.expectString();
    const escapeChar = this.keyword('ESCAPE') ? this.expectString() : undefined;
    const regex = likeToRegex(pattern, escapeChar);
    return (record) => {
      const value = left(record);
      if (value === null) return null;
      return regex.test(String(value)) !== negated;
    };
  }

  private operand(): Operand {
    const token = this.tokens[this.position];
    if (!token) throw new SqlSyntaxError('The SQL filter ends where an operand was expected');
    this.position++;
    if (token.kind === 'string') return () => token.text;
    if (token.kind === 'number') return () => Number(token.text);
    if (token.kind === 'parameter') {
      if (!(token.text in this.parameters))
        throw new SqlSyntaxError(`Parameter ${token.text} is not defined`);
      const value = this.parameters[token.text]!;
      return () => value;
    }
    if (token.kind === 'word') {
      const upper = token.text.toUpperCase();
      if (upper === 'TRUE') return () => true;
      if (upper === 'FALSE') return () => false;
      if (upper === 'NULL') return () => null;
      if (KEYWORDS.has(upper)) throw new SqlSyntaxError(`Unexpected keyword ${token.text}`);
      return propertyReader(token.text);
    }
    throw new SqlSyntaxError(
      `Unsupported SQL filter syntax: '${token.text}' (arithmetic and functions are not emulated)`,
    );
  }

  private keyword(word: string): boolean {
    const token = this.tokens[this.position];
    if (token?.kind === 'word' && token.text.toUpperCase() === word) {
      this.position++;
      return true;
    }
    return false;
  }

  private expectKeyword(word: string): void {
    if (!this.keyword(word)) throw new SqlSyntaxError(`Expected ${word}`);
  }

  private symbol(text: string): boolean {
    const token = this.tokens[this.position];
    if (token?.kind === 'symbol' && token.text === text) {
      this.position++;
      return true;
    }
    return false;
  }

  private expectSymbol(text: string): void {
    if (!this.symbol(text)) throw new SqlSyntaxError(`Expected '${text}'`);
  }

  private expectWord(): string {
    const token = this.tokens[this.position++];
    if (token?.kind !== 'word') throw new SqlSyntaxError('Expected a property name');
    return token.text;
  }

  private expectString(): string {
    const token = this.tokens[this.position++];
    if (token?.kind !== 'string') throw new SqlSyntaxError('Expected a string literal');
    return token.text;
  }
}

function propertyReader(name: string): Operand {
  const parts = name.split('.').map((part) => part.replace(/^\[|\]$/g, ''));
  const [scope, ...rest] = parts;
  if (parts.length > 1 && scope!.toLowerCase() === 'sys') {
    const field = SYSTEM_PROPERTIES[rest.join('.').toLowerCase()];
    if (!field) throw new SqlSyntaxError(`System property ${name} is not emulated`);
    return (record) => sqlValueOf(record.fields[field]);
  }
  const property = parts.length > 1 && scope!.toLowerCase() === 'user' ? rest.join('.') : parts.join('.');
  return (record) => sqlValueOf(record.fields.application_properties?.[property]);
}

function sqlValueOf(value: unknown): Value {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return String(value);
}

function compare(operator: string, left: Value, right: Value): boolean | null {
  if (left === null || right === null) return null;
  const a = left instanceof Date ? left.getTime() : left;
  const b = right instanceof Date ? right.getTime() : right;
  if (typeof a !== typeof b)
    return operator === '<>' || operator === '!=' ? true : operator === '=' ? false : null;
  switch (operator) {
    case '=':
      return a === b;
    case '<>':
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function and(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}

function or(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true;
  return a === null || b === null ? null : false;
}

function likeToRegex(pattern: string, escapeChar: string | undefined): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (escapeChar !== undefined && char === escapeChar && index + 1 < pattern.length) {
      source += pattern[++index]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
