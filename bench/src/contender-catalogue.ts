import type { ContenderRun } from './figures.js';

/** Every contender by id, loaded lazily so a child process only imports the clients it needs. */
export const CONTENDERS = {
  'amqplib-raw': async () => (await import('./contenders/amqplib-raw.js')).amqplibRaw,
  'amqplib-raw-envelope': async () => (await import('./contenders/amqplib-raw.js')).amqplibRawEnvelope,
  'toolkit-rabbitmq': async () => (await import('./contenders/toolkit-rabbitmq.js')).toolkitRabbitMq,
  rascal: async () => (await import('./contenders/rascal-peer.js')).rascalPeer,
  'message-queue-toolkit': async () =>
    (await import('./contenders/message-queue-toolkit-peer.js')).messageQueueToolkitPeer,
  'kafkajs-raw': async () => (await import('./contenders/kafkajs-raw.js')).kafkajsRaw,
  'kafkajs-raw-envelope': async () => (await import('./contenders/kafkajs-raw.js')).kafkajsRawEnvelope,
  'toolkit-kafka': async () => (await import('./contenders/toolkit-kafka.js')).toolkitKafka,
  'platformatic-raw': async () => (await import('./contenders/platformatic-raw.js')).platformaticRaw,
  'toolkit-kafka-platformatic': async () =>
    (await import('./contenders/toolkit-kafka.js')).toolkitKafkaPlatformatic,
  'toolkit-outbox-inbox': async () =>
    (await import('./contenders/toolkit-outbox-inbox.js')).toolkitOutboxInbox,
  'toolkit-memory-soak': async () => (await import('./contenders/toolkit-memory-soak.js')).toolkitMemorySoak,
  'ticketflow-embedded': async () => (await import('./contenders/ticketflow-embedded.js')).ticketflowEmbedded,
  'ticketflow-embedded-restart': async () =>
    (await import('./contenders/ticketflow-embedded.js')).ticketflowEmbeddedRestart,
} satisfies Record<string, () => Promise<ContenderRun>>;

export type ContenderId = keyof typeof CONTENDERS;

export function isContenderId(id: string): id is ContenderId {
  return Object.hasOwn(CONTENDERS, id);
}
