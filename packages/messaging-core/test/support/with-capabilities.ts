import type { InMemoryTransport, TransportCapabilities } from '../../src/index.js';

/** The in-memory transport pretending to be a broker with other abilities (must happen before createMessaging). */
export function withCapabilities(
  transport: InMemoryTransport,
  overrides: Partial<TransportCapabilities>,
): InMemoryTransport {
  Object.assign(transport, { capabilities: { ...transport.capabilities, ...overrides } });
  return transport;
}
