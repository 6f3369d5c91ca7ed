import type { JsonSchema } from '../api/asyncapi-api';

/** One line of a payload schema as the technical area lists it. */
export interface SchemaRow {
  /** `ticket.title`, `tags[]`. */
  path: string;
  depth: number;
  type: string;
  required: boolean;
  /** Constraints in words: `one of low, high`, `min length 3`, `date-time`… */
  notes: string[];
}

const CONSTRAINTS: [keyword: string, label: string][] = [
  ['minLength', 'min length'],
  ['maxLength', 'max length'],
  ['minimum', 'min'],
  ['maximum', 'max'],
  ['exclusiveMinimum', 'greater than'],
  ['exclusiveMaximum', 'less than'],
  ['minItems', 'min items'],
  ['maxItems', 'max items'],
  ['pattern', 'pattern'],
  ['default', 'default'],
];

function typeOf(schema: JsonSchema): string {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(typeOf).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeOf(schema.items) : 'any'}[]`;
  return schema.type ?? 'any';
}

function notesOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  if (schema.enum) notes.push(`one of ${schema.enum.map((value) => String(value)).join(', ')}`);
  if (schema.format) notes.push(schema.format);
  for (const [keyword, label] of CONSTRAINTS) {
    const value = schema[keyword];
    if (value === undefined || isNoise(schema, keyword, value)) continue;
    notes.push(`${label} ${JSON.stringify(value)}`);
  }
  if (schema.description) notes.push(schema.description);
  return notes;
}

/** What validators add without saying more: a format's own regular expression, an integer's safe range. */
function isNoise(schema: JsonSchema, keyword: string, value: unknown): boolean {
  if (keyword === 'pattern') return schema.format !== undefined;
  return (
    (keyword === 'maximum' || keyword === 'minimum') && Math.abs(Number(value)) === Number.MAX_SAFE_INTEGER
  );
}

/** The properties of a payload schema, nested objects and arrays of objects below their parent. */
export function schemaRows(schema: JsonSchema, prefix = '', depth = 0): SchemaRow[] {
  const rows: SchemaRow[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    rows.push({
      path,
      depth,
      type: typeOf(property),
      required: required.has(name),
      notes: notesOf(property),
    });
    const nested = property.type === 'array' ? property.items : property;
    if (nested?.properties)
      rows.push(...schemaRows(nested, property.type === 'array' ? `${path}[]` : path, depth + 1));
  }
  return rows;
}
