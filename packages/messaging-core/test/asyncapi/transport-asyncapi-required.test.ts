import { describe, expect, it } from 'vitest';
import { createInMemoryTransport, createMessaging, type Transport } from '../../src/index.js';
import { TicketCreated } from '../support/ticket-contracts.js';

/** A transport written against the SPI before `asyncApi(topology)` was part of it. */
function olderTransport(): Omit<Transport, 'asyncApi'> {
  // An own property hides the in-memory transport's method, as a JavaScript transport would simply lack it.
  return Object.assign(createInMemoryTransport(), { asyncApi: undefined });
}

describe('Transport.asyncApi is part of the SPI', () => {
  it('a transport without it is not a Transport', () => {
    const older = olderTransport();
    // @ts-expect-error asyncApi(topology) is required: every transport describes its resources in AsyncAPI terms
    const transport: Transport = older;
    expect(transport.name).toBe('memory');
  });

  it('a JavaScript transport without it gets a reason instead of a document without servers and bindings', () => {
    const messaging = createMessaging({
      service: 'helpdesk',
      transport: olderTransport() as Transport,
      publishes: [TicketCreated],
    });
    expect(() => messaging.asyncApi()).toThrow(
      'the memory transport of service helpdesk does not implement asyncApi(topology), which every transport must',
    );
  });
});
