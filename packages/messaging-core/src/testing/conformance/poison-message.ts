import type { MessageContract } from '../../contracts/define-message.js';
import { Headers } from '../../contracts/headers.js';
import type { TransportMessage } from '../../contracts/transport-message.js';

/** An envelope of `contract`'s type and topic with a body no publish would produce: sent through the SPI. */
export function poisonMessage(
  contract: Pick<MessageContract<unknown, unknown>, 'type' | 'topic'>,
  id: string,
  body: string,
): TransportMessage {
  return {
    id,
    type: contract.type,
    topic: contract.topic,
    key: 'k',
    headers: { [Headers.contentType]: 'application/json', [Headers.attempt]: '1' },
    body: new TextEncoder().encode(body),
    timestamp: Date.now(),
  };
}
