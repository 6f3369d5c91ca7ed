import { randomUUID } from 'node:crypto';
import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { createRabbitMqTransport, type RabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { afterAll, describe } from 'vitest';
import { deleteResourcesWithPrefix, ManagementApi } from './support/management-api.js';
import { VHOST } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ conformance');
const managementUrl = brokerFromEnvironment(
  'RABBITMQ_MANAGEMENT_URL',
  'RabbitMQ conformance (management API)',
);

describe.runIf(url && managementUrl)('RabbitMQ transport', () => {
  // Built on first use: vitest still runs this body to collect the (skipped) tests when no broker is set.
  let api: ManagementApi | undefined;
  const management = () => {
    api ??= new ManagementApi(managementUrl!);
    return api;
  };
  // Every resource of this run carries the prefix, so the shared broker is left as it was found.
  const prefix = `conformance-${randomUUID().slice(0, 8)}.`;
  afterAll(() => deleteResourcesWithPrefix(management(), VHOST, prefix));

  describeTransportConformance({
    name: 'rabbitmq',
    createTransport: () =>
      createRabbitMqTransport({
        url: url!,
        prefix,
        connectionName: 'conformance',
        reconnect: { initialDelayMs: 50, maxDelayMs: 1_000 },
        // Below the 128 MiB default, so the suite can build a message over the limit cheaply.
        maxMessageBytes: 4 * 1024 * 1024,
      }),
    // Only this transport's own connection is cut (found by its unique name), so parallel test files go on.
    cutConnection: async (transport) => {
      await management().closeConnectionsNamed((transport as RabbitMqTransport).connectionName);
    },
    lateDelayToleranceMs: 1_000,
  });
});
