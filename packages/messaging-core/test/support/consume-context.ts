import type { ConsumeContext, Logger, MessageContract, TransportMessage } from '../../src/index.js';
import { silentLogger } from '../../src/index.js';

/**
 * What the consume pipeline has built for one delivery by the time the reliability steps run (decoded, validated,
 * its handler's contract resolved), for testing those steps through `composeMiddleware` without a broker.
 */
export function consumeContextFor(
  envelope: Partial<TransportMessage> & Pick<TransportMessage, 'id'>,
  options: {
    readonly endpoint?: string;
    readonly contract?: MessageContract<unknown, unknown>;
    readonly message?: unknown;
    readonly logger?: Logger;
  } = {},
): ConsumeContext {
  const message: TransportMessage = {
    type: 'tickets.ticket-changed',
    topic: 'tickets',
    headers: {},
    body: new Uint8Array(),
    timestamp: 0,
    ...envelope,
  };
  const settled = async () => {};
  return {
    service: 'tests',
    endpoint: options.endpoint ?? 'ticket-log',
    transport: 'in-memory',
    delivery: {
      message,
      attempt: 1,
      redelivered: false,
      ack: settled,
      retryLater: settled,
      deadLetter: settled,
      release: settled,
    },
    envelope: message,
    headers: message.headers,
    attempt: 1,
    logger: options.logger ?? silentLogger,
    contract: options.contract,
    message: options.message,
    items: new Map(),
  };
}
