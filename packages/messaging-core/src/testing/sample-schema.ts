import type { StandardSchemaV1 } from '../contracts/standard-schema.js';

export interface SampleMessage {
  readonly id: string;
  readonly key: string;
  readonly seq: number;
  readonly text: string;
}

/**
 * A dependency-free Standard Schema for the conformance suite's messages, so the suite does not force a
 * validation library on transport authors.
 */
export const sampleSchema: StandardSchemaV1<SampleMessage, SampleMessage> = {
  '~standard': {
    version: 1,
    vendor: 'pragmatic-messaging-conformance',
    validate(value) {
      const issues: StandardSchemaV1.Issue[] = [];
      const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
      if (typeof value !== 'object' || value === null) issues.push({ message: 'Expected an object' });
      for (const field of ['id', 'key', 'text'] as const) {
        if (typeof record[field] !== 'string') issues.push({ message: 'Expected a string', path: [field] });
      }
      if (!Number.isInteger(record.seq)) issues.push({ message: 'Expected an integer', path: ['seq'] });
      return issues.length > 0 ? { issues } : { value: record as unknown as SampleMessage };
    },
  },
};
