import { ValidationError, type ValidationIssue } from '../errors.js';
import type { MessageContract } from './define-message.js';
import type { StandardSchemaV1 } from './standard-schema.js';

function pathOf(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? [])
    .map((segment) => String(typeof segment === 'object' && segment !== null ? segment.key : segment))
    .join('.');
}

/** Validates a value against a contract's schema; returns the schema's output or throws ValidationError. */
export async function validateMessage<Input, Output>(
  contract: MessageContract<Input, Output>,
  value: unknown,
): Promise<Output> {
  const result = await contract.schema['~standard'].validate(value);
  if (result.issues) {
    const issues: ValidationIssue[] = result.issues.map((issue) => ({
      message: issue.message,
      path: pathOf(issue),
    }));
    throw new ValidationError(contract.type, issues);
  }
  return result.value;
}
