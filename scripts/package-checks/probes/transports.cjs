// Loads every packed transport through `load` (require or import) and checks it uses the application's copy of
// core: its errors are core's classes and a bus accepts it. Run by check-packages in a scratch project.
const assert = require('node:assert/strict');

async function probeTransports(load) {
  const core = await load('@pragmatic-messaging/core');
  const { createRabbitMqTransport, RabbitMqTransport } = await load(
    '@pragmatic-messaging/transport-rabbitmq',
  );
  const { createKafkaTransport, KafkaTransport } = await load('@pragmatic-messaging/transport-kafka');
  const { createAzureServiceBusTransport, AzureServiceBusTransport } = await load(
    '@pragmatic-messaging/transport-asb',
  );
  const connectionString =
    'Endpoint=sb://probe.servicebus.windows.net/;SharedAccessKeyName=probe;SharedAccessKey=probe';

  const invalid = {
    rabbitmq: () => createRabbitMqTransport({ url: 'http://localhost' }),
    kafka: () => createKafkaTransport({ brokers: '' }),
    'azure-service-bus': () => createAzureServiceBusTransport({ connectionString, lockDurationMs: 1 }),
  };
  for (const [name, create] of Object.entries(invalid)) {
    assert.throws(
      create,
      (error) => error instanceof core.ConfigurationError && error instanceof core.MessagingError,
      `the ${name} transport throws errors of another copy of core`,
    );
  }

  const transports = [
    [createRabbitMqTransport({ url: 'amqp://localhost' }), RabbitMqTransport],
    [createKafkaTransport({ brokers: 'localhost:9092' }), KafkaTransport],
    [createAzureServiceBusTransport({ connectionString }), AzureServiceBusTransport],
  ];
  for (const [transport, Class] of transports) {
    assert.ok(transport instanceof Class);
    const bus = core.createMessaging({ service: 'probe', transport });
    assert.ok(bus instanceof core.Messaging);
    assert.equal(bus.transport, transport);
    await transport.close();
  }
}

module.exports = { probeTransports };
