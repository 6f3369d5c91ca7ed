import { PublishError } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KafkaTransport } from '../src/kafka-transport.js';
import { KAFKA_CLIENTS } from './kafka-test-transport.js';
import { transportWithProduceCutter } from './support/transport-with-produce-cutter.js';

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
    const { transport, message, cutter, sockets } = await transportWithProduceCutter(library, brokers!);
    transports.push(transport);

    cutter.start();
    const settled = transport.send([message('a1')]).then(
      () => 'sent',
      (error: unknown) => error,
    );
    // The first attempt failed: its answer was cut, and the send now waits to try again.
    await vi.waitFor(() => expect(cutter.cut).toBeGreaterThan(0), { timeout: 10_000, interval: 10 });
    await transport.close();
    const socketsAtClose = sockets.opened;

    expect(await settled).toBeInstanceOf(PublishError);
    expect(sockets.opened - socketsAtClose).toBe(0);
  });
});
