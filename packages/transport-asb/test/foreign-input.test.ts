import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { describeForeignInputConformance } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterAll, describe } from 'vitest';
import { createAzureServiceBusTransport } from '../src/index.js';
import { EntityNames, subscriptionAddress } from '../src/resource-names.js';

const connectionString = brokerFromEnvironment(
  'ASB_EMULATOR_CONNECTION_STRING',
  'Service Bus bad input from outside',
);
const caFile = brokerFromEnvironment('ASB_EMULATOR_CA_FILE', 'Service Bus bad input (certificate)');

describe.runIf(connectionString && caFile)('Azure Service Bus transport (emulator)', () => {
  const ca = () => readFileSync(caFile!, 'utf8');
  const namePrefix = `pm-foreign-${randomUUID().slice(0, 8)}-`;
  const names = new EntityNames(namePrefix);
  const administration = () =>
    new ServiceBusAdministrationClient(connectionString!, { tlsOptions: { ca: ca() } });
  let foreign: ServiceBusClient | undefined;

  afterAll(async () => {
    await foreign?.close();
    const admin = administration();
    for await (const topic of admin.listTopics()) {
      if (topic.name.startsWith(namePrefix)) await admin.deleteTopic(topic.name);
    }
  });

  describeForeignInputConformance({
    name: 'azure-service-bus (real SDK, emulator)',
    createTransport: ({ maxMessageBytes }) =>
      createAzureServiceBusTransport({
        sdk: {
          client: new ServiceBusClient(connectionString!, {
            retryOptions: { timeoutInMs: 5_000, retryDelayInMs: 100, maxRetries: 3 },
          }),
          administration: administration(),
        },
        namePrefix,
        maxMessageBytes,
        sessionIdleTimeoutMs: 200,
      }),
    // A foreign service with @azure/service-bus, addressing the endpoint's subscription (`to`), so types the
    // subscription's type rules would not let in still reach it. Application properties keep numbers and booleans.
    publishForeign: async ({ topic, endpoint }, message) => {
      foreign ??= new ServiceBusClient(connectionString!);
      const sender = foreign.createSender(names.topic(topic));
      try {
        await sender.sendMessages({
          body: Buffer.from(message.body),
          to: subscriptionAddress(names.topic(topic), names.subscription(endpoint)),
          applicationProperties: { ...message.headers },
          ...(message.id === undefined ? {} : { messageId: message.id }),
          ...(message.type === undefined ? {} : { subject: message.type }),
          ...(message.contentType === undefined ? {} : { contentType: message.contentType }),
        });
      } finally {
        await sender.close();
      }
    },
  });
});
