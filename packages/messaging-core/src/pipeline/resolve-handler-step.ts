import { UnknownMessageTypeError } from '../errors.js';
import type { TransportCapabilities } from '../transport/transport.js';
import type { ConsumeContext } from './consume-context.js';
import type { ConsumingEndpoint } from './handler-context.js';

/**
 * Finds the endpoint's handler for the message's type; returns whether the delivery goes on. An unknown type is a
 * misrouting where the broker filters by type (dead letter); where the endpoint reads whole streams (Kafka) it is
 * skipped.
 */
export function handlerResolver(
  endpoint: Pick<ConsumingEndpoint, 'name' | 'handlers'>,
  typeFiltering: TransportCapabilities['typeFiltering'],
): (context: ConsumeContext) => boolean {
  return (context) => {
    const registered = endpoint.handlers.get(context.envelope.type);
    if (registered) {
      context.contract = registered.contract;
      return true;
    }
    // On brokers that filter by type, an unknown type means a misrouted message: keep it for a human.
    if (typeFiltering === 'broker') {
      throw new UnknownMessageTypeError(context.envelope.type, endpoint.name);
    }
    // On logs (Kafka), an endpoint reads every type of its topics and skips the ones it does not handle.
    context.skipped = { reason: 'not-subscribed' };
    return false;
  };
}
