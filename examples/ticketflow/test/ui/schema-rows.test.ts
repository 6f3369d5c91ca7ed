import { describe, expect, it } from 'vitest';
import { schemaRows } from '../../ui/src/technical/schema-rows';

describe('schemaRows', () => {
  it('lists fields with their type, whether they are required, and their rules, nested fields below', () => {
    const rows = schemaRows({
      type: 'object',
      properties: {
        ticketId: { type: 'string', format: 'uuid', pattern: '^[0-9a-f-]+$' },
        version: { type: 'integer', exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER },
        priority: { type: 'string', enum: ['low', 'high'], default: 'low' },
        tags: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string', minLength: 1 } },
            required: ['name'],
          },
        },
        at: { anyOf: [{ type: 'string' }, { type: 'null' }] },
      },
      required: ['ticketId', 'tags'],
    });
    expect(rows).toEqual([
      // A format's own pattern and an integer's safe range say nothing more.
      { path: 'ticketId', depth: 0, type: 'string', required: true, notes: ['uuid'] },
      { path: 'version', depth: 0, type: 'integer', required: false, notes: ['greater than 0'] },
      {
        path: 'priority',
        depth: 0,
        type: 'string',
        required: false,
        notes: ['one of low, high', 'default "low"'],
      },
      { path: 'tags', depth: 0, type: 'object[]', required: true, notes: [] },
      { path: 'tags[].name', depth: 1, type: 'string', required: true, notes: ['min length 1'] },
      { path: 'at', depth: 0, type: 'string | null', required: false, notes: [] },
    ]);
  });

  it('has no rows for a permissive schema (a validator without JSON Schema)', () => {
    expect(schemaRows({ description: 'Any payload (no JSON Schema: …).' })).toEqual([]);
  });
});
