import type { MessageContract } from '../contracts/define-message.js';
import { validateMessageNow } from '../contracts/validate-message.js';
import { PublishError } from '../errors.js';
import type { ProduceContext } from './produce-context.js';

function keyOf(contract: MessageContract<unknown, unknown>, message: unknown): string | undefined {
  if (!contract.key) return undefined;
  try {
    return contract.key(message);
  } catch (error) {
    throw new PublishError(`The key function of "${contract.type}" failed: ${(error as Error).message}`, {
      cause: error,
      retryable: false,
    });
  }
}

/**
 * Nothing invalid leaves the process: a schema violation rejects the publish, nothing is sent. Returns a promise
 * only for a schema that validates asynchronously; a synchronous schema's violation is thrown.
 */
export function validateOutgoing(context: ProduceContext): Promise<void> | undefined {
  const validated = validateMessageNow(context.contract, context.message);
  if (validated instanceof Promise) return validated.then(() => assignKey(context));
  assignKey(context);
  return undefined;
}

// The key function may assume a valid message, so it runs after validation.
function assignKey(context: ProduceContext): void {
  context.key ??= keyOf(context.contract, context.message);
}
