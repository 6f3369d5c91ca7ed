import type { InMemoryTransport, SettlementVerb } from '../../src/index.js';

/**
 * Makes the broker refuse one settlement verb of every delivery, as a lost connection or an expired lock does:
 * the verb rejects and the message is not settled. The first `times` calls are refused (all when omitted).
 */
export function refuseSettlements(
  transport: InMemoryTransport,
  verb: SettlementVerb,
  times = Infinity,
): void {
  let refused = 0;
  const consume = transport.consume.bind(transport);
  transport.consume = (endpoint, handler) =>
    consume(endpoint, (delivery) => {
      const settle = delivery[verb] as (...args: unknown[]) => Promise<void>;
      return handler({
        ...delivery,
        message: delivery.message,
        attempt: delivery.attempt,
        redelivered: delivery.redelivered,
        [verb]: (...args: unknown[]) =>
          refused++ < times
            ? Promise.reject(new Error(`the broker refused ${verb} (connection lost)`))
            : settle.apply(delivery, args),
      });
    });
}
