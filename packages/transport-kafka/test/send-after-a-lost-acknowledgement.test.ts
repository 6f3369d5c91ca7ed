import { randomUUID } from 'node:crypto';
import { PublishError, type TransportMessage } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaClient } from '../src/client/kafka-client.js';
import { clientSettingsOf } from '../src/client/kafka-client-settings.js';
import { KafkajsClient } from '../src/client/kafkajs-client.js';
import { PlatformaticKafkaClient } from '../src/client/platformatic-kafka-client.js';
import { KafkaTransport } from '../src/kafka-transport.js';
import {
  type KafkaClientLibrary,
  type KafkaTransportOptions,
  resolveKafkaOptions,
} from '../src/kafka-transport-options.js';
import { KAFKA_CLIENTS } from './kafka-test-transport.js';
import { ProduceAnswerCutter } from './support/produce-answer-cutter.js';
import { readTopic } from './support/read-topic.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka lost acknowledgement');

/** The chosen library's client whose broker sockets go through the cutter. */
function clientOf(
  library: KafkaClientLibrary,
  options: KafkaTransportOptions,
  cutter: ProduceAnswerCutter,
): KafkaClient {
  const resolved = resolveKafkaOptions(options);
  // Give up at once: the point is what happens after a send has failed.
  const faults = { produceAttempts: 1, onSocket: cutter.onSocket };
  return library === 'kafkajs'
    ? new KafkajsClient({ ...clientSettingsOf(resolved), ...faults })
    : new PlatformaticKafkaClient({ ...clientSettingsOf(resolved), ...faults });
}

describe.runIf(brokers).each(KAFKA_CLIENTS)(
  'a send on %s after one whose acknowledgement was lost',
  (library) => {
    const transports: KafkaTransport[] = [];
    afterEach(async () => {
      await Promise.allSettled(transports.map((transport) => transport.close()));
      transports.length = 0;
    });

    /** A transport over the real broker whose produce answers can be cut, with one topic of one partition. */
    const setUp = async () => {
      const run = randomUUID().slice(0, 8);
      const topic = `lost-ack-${run}`;
      const message = (id: string): TransportMessage => ({
        id,
        type: 'lost-ack.order',
        topic,
        key: 'one-key',
        headers: {},
        body: new TextEncoder().encode(JSON.stringify({ id })),
        timestamp: Date.now(),
      });
      const cutter = new ProduceAnswerCutter();
      const options: KafkaTransportOptions = {
        brokers: brokers!,
        clientId: `pm-tests-${run}`,
        partitions: 1,
      };
      const client = clientOf(library, options, cutter);
      const transport = new KafkaTransport(options, client);
      transports.push(transport);
      await transport.connect();
      await transport.provision({
        topics: [{ name: topic, messageTypes: ['lost-ack.order'] }],
        endpoints: [],
      });
      await transport.send([message('warm-up')]);
      // The broker writes a1 and a2 (and takes the retry for a duplicate), but the client never hears it.
      cutter.start();
      await expect(transport.send([message('a1'), message('a2')])).rejects.toThrow(PublishError);
      cutter.stop();
      expect(cutter.cut).toBeGreaterThan(0);
      return { topic, message, transport };
    };

    it('is written to the log, not taken by the broker for a retry of the lost one', async () => {
      const { topic, message, transport } = await setUp();

      // Two other records, the same count: with the failed request's sequence numbers reused, the broker would
      // acknowledge them as a duplicate of a1/a2 and write nothing.
      await transport.send([message('b1'), message('b2')]);

      const ids = (await readTopic(brokers!, topic)).map((record) => record.id);
      expect(ids).toEqual(['warm-up', 'a1', 'a2', 'b1', 'b2']);
    });

    it('of another size is accepted, not refused as out of sequence from then on', async () => {
      const { topic, message, transport } = await setUp();

      // Three records where the broker expects the sequence after a1/a2: OutOfOrderSequenceNumber, for every send
      // after it, if the producer kept its broken sequence.
      await transport.send([message('c1'), message('c2'), message('c3')]);
      await transport.send([message('d1')]);

      const ids = (await readTopic(brokers!, topic)).map((record) => record.id);
      expect(ids).toEqual(['warm-up', 'a1', 'a2', 'c1', 'c2', 'c3', 'd1']);
    });
  },
);
