import { validateMessage } from '../contracts/validate-message.js';
import type { ConsumeContext } from './consume-context.js';
import type { Middleware } from './middleware.js';

/** Checks the decoded body against the contract; a ValidationError goes to the dead-letter queue at once. */
export const validateStep: Middleware<ConsumeContext> = async (context, next) => {
  if (context.contract) context.message = await validateMessage(context.contract, context.body);
  await next();
};
