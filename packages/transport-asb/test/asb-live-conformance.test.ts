import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import { describe } from 'vitest';
import { createAzureServiceBusTransport, PREMIUM_TIER_MAX_MESSAGE_BYTES } from '../src/index.js';

/*
 * The same conformance suite against a real Azure namespace. This is the one broker suite allowed to skip in CI:
 * a namespace is a cloud resource with credentials, which CI and these machines do not have. Without one, the suite
 * still runs against Service Bus as our own emulator speaks it (asb-emulator-conformance.test.ts, the real SDK over
 * AMQP and HTTPS; scripts/services.sh starts it) and over the SDK double (asb-double-conformance.test.ts). Not
 * brokerFromEnvironment on purpose: that throws in CI.
 *
 *   ASB_CONNECTION_STRING        namespace connection string (premium tier for item 1's 1 MiB body)
 *   ASB_ADMIN_CONNECTION_STRING  optional: the administration endpoint when it differs (the local emulator
 *                                serves management over HTTP on another port)
 *   ASB_MAX_MESSAGE_BYTES        optional: the namespace's message size limit (default: premium, 100 MiB)
 */
const connectionString = process.env.ASB_CONNECTION_STRING?.trim() || undefined;
const adminConnectionString = process.env.ASB_ADMIN_CONNECTION_STRING?.trim() || connectionString;

if (!connectionString) {
  process.stderr.write(
    '\n⚠️  SKIPPING the live Azure Service Bus conformance suite: ASB_CONNECTION_STRING is not set. ' +
      'It is the only broker suite allowed to skip (it needs a real Azure namespace); the conformance suite runs ' +
      'against our Service Bus emulator (asb-emulator-conformance.test.ts) and over the SDK double instead. ' +
      'See docs/transports/azure-service-bus.md to run it against a namespace.\n\n',
  );
}

const runPrefix = `pm-${Date.now().toString(36)}-`;

describe.runIf(connectionString)('live Azure Service Bus namespace', () => {
  describeTransportConformance({
    name: 'azure-service-bus (live namespace)',
    createTransport: () => {
      const client = new ServiceBusClient(connectionString!);
      return createAzureServiceBusTransport({
        sdk: { client, administration: new ServiceBusAdministrationClient(adminConnectionString!) },
        namePrefix: runPrefix,
        maxMessageBytes: Number(process.env.ASB_MAX_MESSAGE_BYTES ?? PREMIUM_TIER_MAX_MESSAGE_BYTES),
        // The shortest lock Service Bus allows, so redeliveries in the suite come quickly.
        lockDurationMs: 5_000,
      });
    },
    // No cutConnection: items 9 and 12 reset the SDK's AMQP socket through the transport's simulateConnectionLoss.
    timeoutMs: 120_000,
    lateDelayToleranceMs: 5_000,
  });
});
