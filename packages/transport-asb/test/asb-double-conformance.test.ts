import type { Transport } from '@pragmatic-messaging/core';
import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import { afterAll } from 'vitest';
import { createAzureServiceBusTransport, PREMIUM_TIER_MAX_MESSAGE_BYTES } from '../src/index.js';
import type { ServiceBusClientDouble } from './double/service-bus-client-double.js';
import { ServiceBusNamespaceDouble } from './double/service-bus-namespace-double.js';

// No Service Bus emulator runs on these machines: the conformance suite runs over the in-repo SDK double.
// Premium tier, because item 1 sends a 1 MiB body (standard tier stops at 256 KiB).
const namespace = new ServiceBusNamespaceDouble({ tier: 'premium' });
const clients = new WeakMap<Transport, ServiceBusClientDouble>();

afterAll(() => namespace.dispose());

describeTransportConformance({
  name: 'azure-service-bus (SDK double)',
  createTransport: () => {
    // Short SDK retry delays and timeouts keep the suite fast; the semantics are the SDK's.
    const client = namespace.createClient({ retryOptions: { timeoutInMs: 5_000, retryDelayInMs: 50 } });
    const transport = createAzureServiceBusTransport({
      sdk: { client, administration: namespace.createAdministrationClient() },
      maxMessageBytes: PREMIUM_TIER_MAX_MESSAGE_BYTES,
      // Short locks keep redelivery after a lost settlement within the suite's timeouts.
      lockDurationMs: 5_000,
      sessionIdleTimeoutMs: 200,
      reconnectDelayMs: 20,
    });
    clients.set(transport, client);
    return transport;
  },
  // Cut from outside the transport, for 100 ms; item 12 cuts it through the transport (its socket, as on the SDK).
  cutConnection: async (transport) => clients.get(transport)!.simulateConnectionLoss(100),
  lateDelayToleranceMs: 500,
});
