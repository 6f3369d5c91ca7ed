import type { Logger } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaTransport } from '../src/kafka-transport.js';
import { KAFKA_CLIENTS } from './kafka-test-transport.js';
import { transportWithProduceCutter } from './support/transport-with-produce-cutter.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka send failure log');

/** What the client said about its sends, as `level: message`. */
function sendLog() {
  const said: string[] = [];
  const at = (level: string) => (_fields: Record<string, unknown>, message: string) => {
    if (/send/i.test(message)) said.push(`${level}: ${message}`);
  };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, said };
}

describe.runIf(brokers).each(KAFKA_CLIENTS)('a failing producer on %s', (library) => {
  const transports: KafkaTransport[] = [];
  afterEach(async () => {
    await Promise.allSettled(transports.map((transport) => transport.close()));
    transports.length = 0;
  });

  it('is logged once per outage, not once per attempt, and its end is logged too', async () => {
    const { logger, said } = sendLog();
    const { transport, message, cutter } = await transportWithProduceCutter(library, brokers!, {
      produceAttempts: 3,
      logger,
    });
    transports.push(transport);
    expect(said).toEqual([]);

    // Two sends fail, three attempts each: six failures, one warning.
    cutter.start();
    await expect(transport.send([message('a1')])).rejects.toThrow();
    await expect(transport.send([message('a2')])).rejects.toThrow();
    cutter.stop();
    await transport.send([message('a3')]);
    await transport.send([message('a4')]);

    expect(said).toEqual([
      'warn: Kafka send failed; the producer is replaced (a send that is tried again starts on a new one). Failures until a send goes through again are logged at debug',
      ...Array.from({ length: 5 }, () => 'debug: Kafka send failed again; the producer is replaced'),
      'info: Kafka sends go through again',
    ]);
  });
});
