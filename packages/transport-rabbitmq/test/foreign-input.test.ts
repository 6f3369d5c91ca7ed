import { randomUUID } from 'node:crypto';
import { describeForeignInputConformance } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { createRabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { afterAll, describe } from 'vitest';
import { deleteResourcesWithPrefix, ManagementApi } from './support/management-api.js';
import { VHOST } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ bad input from outside');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ bad input (management API)');

describe.runIf(url && managementUrl)('RabbitMQ transport', () => {
  const prefix = `foreign-${randomUUID().slice(0, 8)}.`;
  let raw: { connection: ChannelModel; channel: ConfirmChannel } | undefined;
  afterAll(async () => {
    await raw?.connection.close();
    await deleteResourcesWithPrefix(new ManagementApi(managementUrl!), VHOST, prefix);
  });

  describeForeignInputConformance({
    name: 'rabbitmq',
    createTransport: ({ maxMessageBytes }) =>
      createRabbitMqTransport({ url: url!, prefix, connectionName: 'foreign-input', maxMessageBytes }),
    // A foreign service with amqplib, publishing straight into the endpoint's queue (the default exchange routes by
    // queue name), so types the topic exchange would not route still reach the endpoint.
    publishForeign: async ({ endpoint }, message) => {
      if (!raw) {
        const connection = await connect(url!);
        raw = { connection, channel: await connection.createConfirmChannel() };
      }
      raw.channel.publish('', `${prefix}${endpoint}`, Buffer.from(message.body), {
        persistent: true,
        headers: message.headers,
        ...(message.id === undefined ? {} : { messageId: message.id }),
        ...(message.type === undefined ? {} : { type: message.type }),
        ...(message.contentType === undefined ? {} : { contentType: message.contentType }),
      });
      await raw.channel.waitForConfirms();
    },
  });
});
