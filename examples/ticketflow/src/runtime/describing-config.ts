import { loadConfig, type TransportName } from '../config/ticketflow-config.js';

/** Configuration for commands that only describe: placeholder broker addresses, nothing connects. */
export function describingConfig(transport: TransportName, env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      ...env,
      RABBITMQ_URL: env.RABBITMQ_URL ?? 'amqp://localhost',
      KAFKA_BROKERS: env.KAFKA_BROKERS ?? 'localhost:9092',
      ASB_CONNECTION_STRING:
        env.ASB_CONNECTION_STRING ??
        'Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=x',
    },
    { transport },
  );
}
