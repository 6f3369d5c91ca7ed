import { standardJsonSchemaOf } from '../contracts/standard-json-schema.js';
import type { StandardSchemaV1 } from '../contracts/standard-schema.js';
import type { JsonSchema } from './asyncapi-document.js';

/** A message's payload schema, or a permissive stand-in and why. */
export interface PayloadSchema {
  readonly schema: JsonSchema;
  /** Set when no JSON Schema could be had: the stand-in accepts any payload; this says why. */
  readonly unavailable?: string;
}

/**
 * The JSON Schema (draft-07) of what a contract's validator accepts — the payload as it travels, since a consumer
 * validates the received body as input. Taken from the Standard JSON Schema interface (`~standard.jsonSchema`,
 * zod 4). A validator without it, or one that cannot express a schema (zod's `z.date()`), gets a schema that
 * accepts anything, with the reason; the validator itself still checks every message on publish and consume.
 * `pointer` is where the schema will sit in the document: local `$ref`s of the schema are rebased onto it.
 */
export function payloadSchemaOf(schema: StandardSchemaV1 | undefined, pointer: string): PayloadSchema {
  if (!schema) return permissive('the contract was declared by type and topic only, without a schema');
  const converter = standardJsonSchemaOf(schema);
  const vendor = schema['~standard'].vendor;
  if (!converter) {
    return permissive(
      `its validator (${vendor}) offers no JSON Schema: it does not implement Standard JSON Schema (~standard.jsonSchema)`,
    );
  }
  try {
    const { $schema: _dialect, ...generated } = converter.input({ target: 'draft-07' });
    return { schema: rebaseReferences(generated, pointer) as JsonSchema };
  } catch (error) {
    return permissive(
      `its validator (${vendor}) cannot express it as JSON Schema: ${(error as Error).message ?? String(error)}`,
    );
  }
}

function permissive(reason: string): PayloadSchema {
  return { schema: { description: `Any payload (no JSON Schema: ${reason}).` }, unavailable: reason };
}

/**
 * A generated schema refers to its own parts from its root (`#`, `#/definitions/…`); inside an AsyncAPI document
 * `#` is the document, so such references are moved below the schema's place.
 */
function rebaseReferences(value: unknown, pointer: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rebaseReferences(item, pointer));
  if (value === null || typeof value !== 'object') return value;
  const rebased: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    rebased[key] =
      key === '$ref' && typeof item === 'string' && item.startsWith('#')
        ? `${pointer}${item.slice(1)}`
        : rebaseReferences(item, pointer);
  }
  return rebased;
}
