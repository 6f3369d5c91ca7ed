import type { TransportMessage } from '../contracts/transport-message.js';
import type { MessagingExtension } from '../pipeline/messaging-extension.js';
import type { ProduceContext } from '../pipeline/produce-context.js';
import { unitOfWorkIn } from '../pipeline/unit-of-work.js';

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
 * to the transport now, through the first extension that replaces direct sending, if any.
 */
export async function outboxOrSend(
  envelope: TransportMessage,
  context: ProduceContext,
  settings: OutboxOrSendSettings,
): Promise<void> {
  const unitOfWork = context.scope && unitOfWorkIn(context.scope.items);
  unitOfWork?.published.push(envelope.type);
  if (unitOfWork && settings.outbox) {
    await unitOfWork.transaction.addToOutbox([envelope]);
    unitOfWork.outboxed++;
    for (const extension of settings.extensions) await extension.outboxSaved?.(envelope, context);
    return;
  }
  const custom = settings.extensions.find((extension) => extension.dispatch);
  await (custom?.dispatch ? custom.dispatch(envelope, context, settings.send) : settings.send(envelope));
}
