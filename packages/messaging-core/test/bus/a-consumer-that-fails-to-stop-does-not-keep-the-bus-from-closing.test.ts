import { afterEach, expect, it } from 'vitest';
import { createInMemoryTransport, createMessaging, type Messaging } from '../../src/index.js';
import { TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.allSettled(buses.splice(0).map((bus) => bus.stop()));
});

/** A transport whose consumers stop, then report an error (a channel that was already gone, say). */
function transportWhoseConsumersFailToStop() {
  const transport = createInMemoryTransport();
  const consume = transport.consume.bind(transport);
  transport.consume = async (endpoint, handler) => {
    const subscription = await consume(endpoint, handler);
    return {
      stop: async () => {
        await subscription.stop();
        throw new Error('channel already closed');
      },
    };
  };
  return transport;
}

it.each([
  ['a finite shutdown timeout', 5_000],
  ['no shutdown timeout', Number.POSITIVE_INFINITY],
])(
  'with %s, a consumer that fails to stop does not keep the bus from closing',
  async (_, shutdownTimeoutMs) => {
    const transport = transportWhoseConsumersFailToStop();
    const messaging = createMessaging({ service: 'closing', transport, shutdownTimeoutMs });
    buses.push(messaging);
    messaging.endpoint('tickets').on(TicketCreated, () => {});
    await messaging.start();

    await messaging.stop();
    expect(messaging.state).toBe('stopped');
    expect(transport.health().status).toBe('closed');
  },
);
