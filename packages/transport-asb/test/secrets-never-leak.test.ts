import { randomUUID } from 'node:crypto';
import { brokerFromEnvironment, SecretCanary } from '@pragmatic-messaging/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type AzureServiceBusTransport, createAzureServiceBusTransport } from '../src/index.js';

// The emulator of packages/asb-emulator (services.sh); NODE_EXTRA_CA_CERTS makes Node trust its HTTPS side.
const connectionString = brokerFromEnvironment(
  'ASB_EMULATOR_CONNECTION_STRING',
  'Service Bus secrets canary',
);

describe.runIf(connectionString)('Service Bus SAS keys', () => {
  const canary = new SecretCanary(`canary${randomUUID().replaceAll('-', '')}`);
  const withKey = (key: string, endpoint?: string) => {
    let text = connectionString!.replace(/SharedAccessKey=[^;]*/, `SharedAccessKey=${key}`);
    if (endpoint) text = text.replace(/Endpoint=[^;]*/, `Endpoint=${endpoint}`);
    return text;
  };
  const transports: AzureServiceBusTransport[] = [];
  const transport = (text: string) => {
    const created = createAzureServiceBusTransport({
      connectionString: text,
      namePrefix: `pm-canary-${randomUUID().slice(0, 8)}-`,
      logger: canary.logger,
      retryOptions: { timeoutInMs: 2_000, retryDelayInMs: 50, maxRetries: 1 },
    });
    transports.push(created);
    return created;
  };
  afterAll(() => Promise.allSettled(transports.map((created) => created.close())));

  it('a SAS key never shows in logs at debug level, errors, health or describe(), through failures', async () => {
    // Unreachable: nothing listens there.
    const unreachable = transport(withKey(canary.secret, 'sb://127.0.0.1:1'));
    canary.see(
      'provision error (unreachable)',
      await unreachable
        .connect()
        .then(() =>
          unreachable.provision({ topics: [{ name: 'canary', messageTypes: ['canary'] }], endpoints: [] }),
        )
        .catch((error: unknown) => error),
    );
    canary.see('health (unreachable)', unreachable.health());

    // Working with the canary as its key (the emulator takes any key), provisioning and describing.
    const working = transport(withKey(canary.secret));
    await working.connect();
    const topology = { topics: [{ name: 'canary', messageTypes: ['canary'] }], endpoints: [] };
    await working.provision(topology);
    canary.see('describe()', working.describe(topology));
    canary.see('health (connected)', working.health());

    expect(canary.looked).toBeGreaterThan(3);
    expect(canary.leaks()).toEqual([]);
  });
});
