import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { ServiceBusEmulator } from '../src/index.js';

/** An emulator in this process and the real SDK's two clients on it (short timeouts keep failures quick). */
export async function startEmulator() {
  const emulator = await ServiceBusEmulator.start();
  const clients: ServiceBusClient[] = [];
  const client = (userAgentPrefix?: string) => {
    const created = new ServiceBusClient(emulator.connectionString, {
      retryOptions: { timeoutInMs: 2_000, retryDelayInMs: 50, maxRetries: 2 },
      ...(userAgentPrefix ? { userAgentOptions: { userAgentPrefix } } : {}),
    });
    clients.push(created);
    return created;
  };
  const administration = new ServiceBusAdministrationClient(emulator.connectionString, {
    tlsOptions: { ca: emulator.certificate.certificatePem },
  });
  return {
    emulator,
    client,
    administration,
    close: async () => {
      await Promise.all(clients.map((each) => each.close()));
      await emulator.close();
    },
  };
}
