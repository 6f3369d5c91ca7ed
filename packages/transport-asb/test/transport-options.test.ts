import { ConfigurationError } from '@pragmatic-messaging/core';
import { describe, expect, it } from 'vitest';
import { createAzureServiceBusTransport, STANDARD_TIER_MAX_MESSAGE_BYTES } from '../src/index.js';
import { endpoint, recordingLogger } from './transport-fixture.js';

const secret = 'c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=';
const connectionString = `Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${secret}`;

describe('Azure Service Bus transport: options', () => {
  it('builds the real SDK clients from a connection string and never shows the key', async () => {
    const logger = recordingLogger();
    const transport = createAzureServiceBusTransport({ connectionString, logger });
    await transport.connect();
    const shown = [
      transport.describe({ topics: [], endpoints: [endpoint('billing')] }),
      JSON.stringify(transport.health()),
      ...logger.lines,
    ].join('\n');
    expect(shown).not.toContain(secret);
    expect(transport.capabilities).toMatchObject({
      delayedDelivery: 'native-scheduling',
      deadLetter: 'native',
      ordering: 'sessions',
      typeFiltering: 'broker',
      unroutableDetection: false,
      nativeDeduplication: false,
      maxMessageBytes: STANDARD_TIER_MAX_MESSAGE_BYTES,
    });
    await transport.close();
  });

  it('refuses lock durations Service Bus does not accept, and sizes above premium', () => {
    expect(() => createAzureServiceBusTransport({ connectionString, lockDurationMs: 1_000 })).toThrow(
      ConfigurationError,
    );
    expect(() => createAzureServiceBusTransport({ connectionString, lockDurationMs: 6 * 60_000 })).toThrow(
      /from 5000 to 300000 ms/,
    );
    expect(() =>
      createAzureServiceBusTransport({ connectionString, maxMessageBytes: 200 * 1024 * 1024 }),
    ).toThrow(/at most 104857600/);
  });
});
