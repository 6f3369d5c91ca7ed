import { validateMessageNow } from '../contracts/validate-message.js';
import type { ConsumeContext } from './consume-context.js';

/**
 * Checks the decoded body against the contract; a ValidationError goes to the dead-letter queue at once. Returns a
 * promise only for a schema that validates asynchronously; a synchronous schema's violation is thrown.
 */
export function validateIncoming(context: ConsumeContext): Promise<void> | undefined {
  if (!context.contract) return undefined;
  const validated = validateMessageNow(context.contract, context.body);
  if (validated instanceof Promise) {
    return validated.then((message) => {
      context.message = message;
    });
  }
  context.message = validated;
  return undefined;
}
