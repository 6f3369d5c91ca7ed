import type { ConsumeContext } from '../pipeline/consume-context.js';
import type { MessagingExtension } from '../pipeline/messaging-extension.js';
import type { UnitOfWork } from '../pipeline/unit-of-work.js';
import type { Transport } from '../transport/transport.js';
import { type FaultPoint, type FaultRegistry, InjectedFaultError } from './fault-registry.js';
import { withDeliveryFaults } from './faulty-delivery.js';

/**
 * Fault injection as an extension of one bus: each fault point of the registry is wired to the extension point
 * where it acts (see FaultPoint). The bus adds it first when it is given `faults`, so the points sit exactly where
 * FaultPoint says: publish.before before the user's produce middleware, handler.before/after inside the
 * transaction, around the handler.
 */
export function faultExtension(
  faults: FaultRegistry,
  service: string,
  transport: Transport,
): MessagingExtension {
  const target = (context: ConsumeContext) => ({
    service,
    type: context.envelope.type,
    message: context.message,
  });
  /**
   * Transaction faults match the message being handled or any message published in the unit of work — so a
   * "producer error within the transaction" for a type fires in whatever execution publishes that type.
   */
  const injectTransactionFault = async (
    point: Extract<FaultPoint, 'transaction.within' | 'transaction.after'>,
    context: ConsumeContext | undefined,
    unitOfWork: UnitOfWork,
  ): Promise<void> => {
    const types = [...(context ? [context.envelope.type] : []), ...new Set(unitOfWork.published)];
    for (const type of types) {
      const message = context && type === context.envelope.type ? context.message : undefined;
      await faults.inject(point, { service, type, message });
    }
  };
  return {
    produceSteps: [
      async (context, next) => {
        await faults.inject('publish.before', {
          service,
          type: context.contract.type,
          message: context.message,
        });
        await next();
      },
    ],
    innerSteps: () => [
      async (context, next) => {
        await faults.inject('handler.before', target(context));
        await next();
        await faults.inject('handler.after', target(context));
      },
    ],
    wrapDeliveries: (handler) => withDeliveryFaults(handler, faults, service, transport),
    unitOfWork: {
      beforeTransaction: (context) => faults.inject('transaction.before', target(context)),
      withinTransaction: (context, unitOfWork) =>
        injectTransactionFault('transaction.within', context, unitOfWork),
      afterTransaction: (context, unitOfWork) =>
        injectTransactionFault('transaction.after', context, unitOfWork),
    },
    outboxSaved: (envelope, context) =>
      faults.inject('outbox.save', { service, type: envelope.type, message: context.message }),
    outboxPublished: async (entries) => {
      for (const { message } of entries) {
        if (faults.take('outbox.publish', { service, type: message.type })) {
          throw new InjectedFaultError('outbox.publish', `Injected fault after publishing "${message.type}"`);
        }
      }
    },
  };
}
