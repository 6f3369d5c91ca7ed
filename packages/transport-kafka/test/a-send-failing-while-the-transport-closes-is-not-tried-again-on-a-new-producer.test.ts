import { randomUUID } from 'node:crypto';
import type net from 'node:net';
import { PublishError, type TransportMessage } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientSettingsOf } from '../src/client/kafka-client-settings.js';
import { KafkajsClient } from '../src/client/kafkajs-client.js';
import { PlatformaticKafkaClient } from '../src/client/platformatic-kafka-client.js';
import { KafkaTransport } from '../src/kafka-transport.js';
import { type KafkaTransportOptions, resolveKafkaOptions } from '../src/kafka-transport-options.js';
import { KAFKA_CLIENTS } from './kafka-test-transport.js';
import { ProduceAnswerCutter } from './support/produce-answer-cutter.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka send while closing');

/**
 * A send that fails is tried again on a new producer (producer-resend.ts). Once the transport is closed that would
 * open connections nobody closes any more, and keep the send (and an outbox round's database transaction waiting
 * on it) alive for the whole backoff. The send fails at once instead, and nothing is opened after close().
 */
describe.runIf(brokers).each(KAFKA_CLIENTS)('a send failing on %s while the transport closes', (library) => {
  const transports: KafkaTransport[] = [];
  afterEach(async () => {
    await Promise.allSettled(transports.map((transport) => transport.close()));
    transports.length = 0;
  });

  it('is not tried again on a new producer: it fails, and no connection opens after close()', async () => {
    const run = randomUUID().slice(0, 8);
    const topic = `closing-send-${run}`;
    const message = (id: string): TransportMessage => ({
      id,
      type: 'closing-send.order',
      topic,
      headers: {},
      body: new TextEncoder().encode(JSON.stringify({ id })),
      timestamp: Date.now(),
    });
    const cutter = new ProduceAnswerCutter();
    let socketsOpened = 0;
    const onSocket = (socket: net.Socket) => {
      socketsOpened++;
      cutter.onSocket(socket);
    };
    const options: KafkaTransportOptions = { brokers: brokers!, clientId: `pm-tests-${run}`, partitions: 1 };
    const settings = { ...clientSettingsOf(resolveKafkaOptions(options)), onSocket };
    const client =
      library === 'kafkajs' ? new KafkajsClient(settings) : new PlatformaticKafkaClient(settings);
    const transport = new KafkaTransport(options, client);
    transports.push(transport);
    await transport.connect();
    await transport.provision({
      topics: [{ name: topic, messageTypes: ['closing-send.order'] }],
      endpoints: [],
    });
    await transport.send([message('warm-up')]);

    cutter.start();
    const sending = transport.send([message('a1')]);
    const settled = sending.then(
      () => 'sent',
      (error: unknown) => error,
    );
    // The first attempt failed: its answer was cut, and the send now waits to try again.
    await vi.waitFor(() => expect(cutter.cut).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    await transport.close();
    const socketsAtClose = socketsOpened;

    const outcome = await settled;
    expect(outcome).toBeInstanceOf(PublishError);
    expect(socketsOpened - socketsAtClose).toBe(0);
  });
});
