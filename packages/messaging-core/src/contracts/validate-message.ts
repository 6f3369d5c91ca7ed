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
  return validateMessageNow(contract, value);
}

/**
 * Like `validateMessage`, without a promise when the schema validates synchronously (most do): the pipelines
 * validate every message twice, and a promise per validation is a cost per message.
 */
export function validateMessageNow<Input, Output>(
  contract: MessageContract<Input, Output>,
  value: unknown,
): Output | Promise<Output> {
  const result = contract.schema['~standard'].validate(value);
  // A thenable, not only a native promise: schema libraries may build their own.
  if (typeof (result as Partial<PromiseLike<unknown>>).then === 'function') {
    return Promise.resolve(result).then((settled) => outputOf(contract, settled));
  }
  return outputOf(contract, result as StandardSchemaV1.Result<Output>);
}

function outputOf<Output>(
  contract: Pick<MessageContract<unknown, Output>, 'type'>,
  result: StandardSchemaV1.Result<Output>,
): Output {
  if (result.issues) {
    const issues: ValidationIssue[] = result.issues.map((issue) => ({
      message: issue.message,
      path: pathOf(issue),
    }));
    throw new ValidationError(contract.type, issues);
  }
  return result.value;
}
