import type { ConsumeContext } from '../pipeline/consume-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import { unitOfWorkIn } from '../pipeline/unit-of-work.js';

/**
 * Deduplication: the first thing inside the transaction records (endpoint, message id). A message this endpoint
 * already processed is acknowledged without running the handler. Because the record commits with the handler's
 * writes, a handler that fails leaves no record and the retry runs it again; a concurrent duplicate waits on the
 * record's lock and then sees it.
 */
export const inboxStep: Middleware<ConsumeContext> = async (context, next) => {
  const unitOfWork = unitOfWorkIn(context.items)!;
  if (!(await unitOfWork.transaction.recordProcessed(context.endpoint, context.envelope.id))) {
    context.skipped = { reason: 'duplicate' };
    context.logger.debug(
      { endpoint: context.endpoint, messageId: context.envelope.id, type: context.envelope.type },
      'Duplicate message skipped',
    );
    return;
  }
  await next();
};
