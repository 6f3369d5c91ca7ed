// For the transport pages' settings: placeholders where no broker variable is set (the transports connect only at
// start, which these snippets never call), restored after.
const placeholders: Record<string, string> = {
  RABBITMQ_URL: 'amqp://localhost',
  KAFKA_BROKERS: 'localhost:9092',
  SERVICEBUS_CONNECTION_STRING:
    'Endpoint=sb://docs.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=placeholder',
};
const unset = Object.keys(placeholders).filter((name) => process.env[name] === undefined);
for (const name of unset) process.env[name] = placeholders[name];

// @snippet

for (const name of unset) delete process.env[name];
