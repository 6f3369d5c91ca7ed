import type { FailureDetails, InMemoryTransport } from '../../src/index.js';

export interface Settlement {
  readonly verb: 'ack' | 'retryLater' | 'deadLetter' | 'release';
  readonly messageId: string;
  readonly delayMs?: number;
  readonly failure?: FailureDetails;
}

/** Records every settlement the bus asks the broker for, with its arguments (the broker still carries it out). */
export function spyOnSettlements(transport: InMemoryTransport): Settlement[] {
  const settlements: Settlement[] = [];
  const consume = transport.consume.bind(transport);
  transport.consume = (endpoint, handler) =>
    consume(endpoint, (delivery) => {
      const messageId = delivery.message.id;
      return handler({
        message: delivery.message,
        attempt: delivery.attempt,
        redelivered: delivery.redelivered,
        ack: () => {
          settlements.push({ verb: 'ack', messageId });
          return delivery.ack();
        },
        retryLater: (delayMs, failure) => {
          settlements.push({ verb: 'retryLater', messageId, delayMs, failure });
          return delivery.retryLater(delayMs, failure);
        },
        deadLetter: (failure) => {
          settlements.push({ verb: 'deadLetter', messageId, failure });
          return delivery.deadLetter(failure);
        },
        release: () => {
          settlements.push({ verb: 'release', messageId });
          return delivery.release();
        },
      });
    });
  return settlements;
}
