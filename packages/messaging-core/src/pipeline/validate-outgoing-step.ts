import type { MessageContract } from '../contracts/define-message.js';
import { validateMessage } from '../contracts/validate-message.js';
import { PublishError } from '../errors.js';
import type { Middleware } from './middleware.js';
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

/** Nothing invalid leaves the process: a schema violation rejects the publish, nothing is sent. */
export const validateOutgoingStep: Middleware<ProduceContext> = async (context, next) => {
  await validateMessage(context.contract, context.message);
  // The key function may assume a valid message, so it runs after validation.
  context.key ??= keyOf(context.contract, context.message);
  await next();
};
