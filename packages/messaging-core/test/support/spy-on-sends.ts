import type { InMemoryTransport, TransportMessage } from '../../src/index.js';

/** Records every envelope the bus hands to the transport, so a test can prove what was (not) sent. */
export function spyOnSends(transport: InMemoryTransport): TransportMessage[] {
  const sent: TransportMessage[] = [];
  const send = transport.send.bind(transport);
  transport.send = async (messages) => {
    await send(messages);
    sent.push(...messages);
  };
  return sent;
}
