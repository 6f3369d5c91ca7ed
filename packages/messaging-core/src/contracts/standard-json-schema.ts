/**
 * The Standard JSON Schema interface (https://standardschema.dev, `~standard.jsonSchema`), declared here so core
 * depends on no validation library: a schema that offers it can describe itself as JSON Schema. zod 4 implements
 * it; validators that do not (valibot on its own, hand-written ones) simply lack the `jsonSchema` property.
 */
export interface StandardJsonSchemaConverter {
  /** JSON Schema of what the validator accepts. May throw when the schema cannot be expressed (a `Date`…). */
  readonly input: (options: StandardJsonSchemaOptions) => Record<string, unknown>;
  /** JSON Schema of what the validator produces. */
  readonly output: (options: StandardJsonSchemaOptions) => Record<string, unknown>;
}

export interface StandardJsonSchemaOptions {
  readonly target: 'draft-2020-12' | 'draft-07' | 'openapi-3.0' | (string & {});
  readonly libraryOptions?: Record<string, unknown>;
}

/** The converter of a Standard Schema that offers one, else undefined. */
export function standardJsonSchemaOf(schema: {
  readonly '~standard': object;
}): StandardJsonSchemaConverter | undefined {
  const converter = (schema['~standard'] as { readonly jsonSchema?: Partial<StandardJsonSchemaConverter> })
    .jsonSchema;
  return typeof converter?.input === 'function' && typeof converter.output === 'function'
    ? (converter as StandardJsonSchemaConverter)
    : undefined;
}
