import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { EmulatorControlClient } from '@pragmatic-messaging/asb-emulator';
import type { Transport } from '@pragmatic-messaging/core';
import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterAll, describe } from 'vitest';
import { createAzureServiceBusTransport } from '../src/index.js';

// The shortest lock Service Bus allows, so redelivery after a lost settlement comes within the suite's waits.
const LOCK_DURATION_MS = 5_000;
// Room for the suite's 1 MiB message, yet low enough to build a message over the limit cheaply.
const CONFORMANCE_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/*
 * The conformance suite over the real @azure/service-bus SDK, on the wire (AMQP 1.0 and the ATOM management API
 * over HTTPS), against our Service Bus emulator (packages/asb-emulator), which scripts/services.sh starts:
 *
 *   ASB_EMULATOR_CONNECTION_STRING  Endpoint=sb://127.0.0.1:5673;…;UseDevelopmentEmulator=true
 *   ASB_EMULATOR_CA_FILE            the certificate of the emulator's HTTPS side, trusted by this test's clients only
 */
const connectionString = brokerFromEnvironment(
  'ASB_EMULATOR_CONNECTION_STRING',
  'Service Bus emulator conformance',
);
const caFile = brokerFromEnvironment(
  'ASB_EMULATOR_CA_FILE',
  'Service Bus emulator conformance (certificate)',
);

describe.runIf(connectionString && caFile)('Azure Service Bus transport over the real SDK', () => {
  const ca = () => readFileSync(caFile!, 'utf8');
  // Each transport's AMQP connection carries its own tag in the user agent, so the emulator cuts only that one.
  const tags = new WeakMap<Transport, string>();
  const namePrefix = `pm-${randomUUID().slice(0, 8)}-`;
  const administration = () =>
    new ServiceBusAdministrationClient(connectionString!, { tlsOptions: { ca: ca() } });

  // The emulator outlives the run: leave it without this run's topics (and their subscriptions).
  afterAll(async () => {
    const admin = administration();
    for await (const topic of admin.listTopics()) {
      if (topic.name.startsWith(namePrefix)) await admin.deleteTopic(topic.name);
    }
  });

  describeTransportConformance({
    name: 'azure-service-bus (real SDK, emulator)',
    createTransport: () => {
      const tag = `pm-conformance-${randomUUID()}`;
      const client = new ServiceBusClient(connectionString!, {
        userAgentOptions: { userAgentPrefix: tag },
        // Short SDK timeouts keep the suite fast: an idle accept-next-session returns after 5 s.
        retryOptions: { timeoutInMs: 5_000, retryDelayInMs: 100, maxRetries: 3 },
      });
      const transport = createAzureServiceBusTransport({
        sdk: { client, administration: administration() },
        namePrefix,
        maxMessageBytes: CONFORMANCE_MAX_MESSAGE_BYTES,
        lockDurationMs: LOCK_DURATION_MS,
        sessionIdleTimeoutMs: 200,
        reconnectDelayMs: 50,
      });
      tags.set(transport, tag);
      return transport;
    },
    cutConnection: async (transport) => {
      const dropped = await new EmulatorControlClient(connectionString!, ca()).dropConnections({
        userAgentContains: tags.get(transport)!,
      });
      if (dropped === 0) throw new Error('The emulator had no connection of this transport to cut');
    },
    // A handler outlives the lock in one situation: the transport must renew it.
    lockTimeoutMs: LOCK_DURATION_MS,
    lateDelayToleranceMs: 1_000,
  });
});
