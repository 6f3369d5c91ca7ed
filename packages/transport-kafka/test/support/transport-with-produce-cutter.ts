import { randomUUID } from 'node:crypto';
import type { Logger, TransportMessage } from '@pragmatic-messaging/core';
import { clientSettingsOf } from '../../src/client/kafka-client-settings.js';
import { KafkajsClient } from '../../src/client/kafkajs-client.js';
import { PlatformaticKafkaClient } from '../../src/client/platformatic-kafka-client.js';
import { KafkaTransport } from '../../src/kafka-transport.js';
import {
  type KafkaClientLibrary,
  type KafkaTransportOptions,
  resolveKafkaOptions,
} from '../../src/kafka-transport-options.js';
import { ProduceAnswerCutter } from './produce-answer-cutter.js';

/**
 * A connected transport over the real broker, on the chosen library, whose produce answers can be cut at the socket
 * (ProduceAnswerCutter), with one topic of one partition provisioned and warmed up by a first send.
 */
export async function transportWithProduceCutter(
  library: KafkaClientLibrary,
  brokers: string,
  settings: { readonly produceAttempts?: number; readonly logger?: Logger } = {},
) {
  const run = randomUUID().slice(0, 8);
  const topic = `produce-cutter-${run}`;
  const type = 'produce-cutter.order';
  const message = (id: string): TransportMessage => ({
    id,
    type,
    topic,
    headers: {},
    body: new TextEncoder().encode(JSON.stringify({ id })),
    timestamp: Date.now(),
  });
  const cutter = new ProduceAnswerCutter();
  const sockets = { opened: 0 };
  const options: KafkaTransportOptions = {
    brokers,
    clientId: `pm-tests-${run}`,
    partitions: 1,
    logger: settings.logger,
  };
  const clientSettings = {
    ...clientSettingsOf(resolveKafkaOptions(options)),
    ...(settings.produceAttempts === undefined ? {} : { produceAttempts: settings.produceAttempts }),
    onSocket: (socket: Parameters<ProduceAnswerCutter['onSocket']>[0]) => {
      sockets.opened++;
      cutter.onSocket(socket);
    },
  };
  const client =
    library === 'kafkajs' ? new KafkajsClient(clientSettings) : new PlatformaticKafkaClient(clientSettings);
  const transport = new KafkaTransport(options, client);
  await transport.connect();
  await transport.provision({ topics: [{ name: topic, messageTypes: [type] }], endpoints: [] });
  await transport.send([message('warm-up')]);
  return { transport, message, cutter, sockets };
}
