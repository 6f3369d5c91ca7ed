import { describeForeignInputConformance } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, describe } from 'vitest';
import { createTestKafkaTransport } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka bad input from outside');

describe.runIf(brokers)('Kafka transport', () => {
  let producer: Producer | undefined;
  afterAll(() => producer?.disconnect());

  describeForeignInputConformance({
    name: 'kafka',
    createTransport: ({ maxMessageBytes }) => createTestKafkaTransport(brokers!, { maxMessageBytes }),
    // A foreign service with kafkajs, writing to the topic. Kafka headers are bytes: the id and the type travel in
    // the toolkit's `pm-` headers, the content type in `content-type`, and a number or boolean as its text.
    publishForeign: async ({ topic }, message) => {
      if (!producer) {
        producer = new Kafka({
          brokers: brokers!.split(','),
          clientId: 'foreign',
          logLevel: logLevel.NOTHING,
        }).producer();
        await producer.connect();
      }
      const headers: Record<string, Buffer> = {};
      for (const [name, value] of Object.entries(message.headers)) headers[name] = Buffer.from(String(value));
      if (message.id !== undefined) headers['pm-id'] = Buffer.from(message.id);
      if (message.type !== undefined) headers['pm-type'] = Buffer.from(message.type);
      if (message.contentType !== undefined) headers['content-type'] = Buffer.from(message.contentType);
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key: 'k', value: Buffer.from(message.body), headers }],
      });
    },
    timeoutMs: 25_000,
  });
});
