import type { TransportMessage } from '../contracts/transport-message.js';
import type { MessagingExtension } from '../pipeline/messaging-extension.js';
import type { ProduceContext } from '../pipeline/produce-context.js';
import { type UnitOfWork, unitOfWorkIn } from '../pipeline/unit-of-work.js';

export interface OutboxOrSendSettings {
  /** Whether the bus has an outbox (a store, and the outbox not turned off). */
  readonly outbox: boolean;
  readonly extensions: readonly MessagingExtension[];
  /** Hands one message to the transport now. */
  readonly send: (message: TransportMessage) => Promise<void>;
}

/**
 * The last step of a publish. Inside a unit of work (a handler's transaction, `messaging.transaction()`) with an
 * outbox, the message is written with the transaction and the relay publishes it after commit; otherwise it goes
 * to the transport now, through the first extension that replaces direct sending, if any. Not an async function:
 * a direct send is the transport's own promise, with no wrapper per message; a throw is still a rejection.
 */
export function outboxOrSend(
  envelope: TransportMessage,
  context: ProduceContext,
  settings: OutboxOrSendSettings,
): Promise<void> {
  try {
    const unitOfWork = context.scope && unitOfWorkIn(context.scope.items);
    unitOfWork?.published.push(envelope.type);
    if (unitOfWork && settings.outbox) return toOutbox(envelope, context, unitOfWork, settings);
    const custom = settings.extensions.find(replacesDispatch);
    return custom?.dispatch ? custom.dispatch(envelope, context, settings.send) : settings.send(envelope);
  } catch (error) {
    return Promise.reject(error);
  }
}

const replacesDispatch = (extension: MessagingExtension) => extension.dispatch !== undefined;

async function toOutbox(
  envelope: TransportMessage,
  context: ProduceContext,
  unitOfWork: UnitOfWork,
  settings: OutboxOrSendSettings,
): Promise<void> {
  await unitOfWork.transaction.addToOutbox([envelope]);
  unitOfWork.outboxed++;
  for (const extension of settings.extensions) await extension.outboxSaved?.(envelope, context);
}
