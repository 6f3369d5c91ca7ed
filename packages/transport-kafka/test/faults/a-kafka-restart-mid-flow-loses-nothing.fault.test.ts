import {
  brokerFromEnvironment,
  describeOutageDrill,
  runOutageDrill,
} from '@pragmatic-messaging/core/testing';
import { expect, it } from 'vitest';
import { restartService } from '../../../../scripts/test-support/service-drill.js';
import { createTestKafkaTransport, KAFKA_CLIENTS } from '../kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka restart drill');
const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'Kafka restart drill');

// On both client libraries: the drill is what a library's reconnection and resend are judged by.
it.runIf(brokers && databaseUrl).each(KAFKA_CLIENTS)(
  'a Kafka restart mid-flow loses nothing on %s: every committed order is handled once, health says not ready meanwhile',
  async (client) => {
    const report = await runOutageDrill({
      name: `Kafka broker restart (${client})`,
      createTransport: () => createTestKafkaTransport(brokers!, { client }),
      databaseUrl: databaseUrl!,
      outage: () => restartService('kafka'),
    });
    process.stdout.write(`\n[fault drill] ${describeOutageDrill(report)}\n`);

    expect(report).toMatchObject({ lost: 0, duplicated: 0, phantom: 0, unsent: 0, busStopped: false });
    expect(report.committed).toBe(300);
    expect(report.notReady.producer.ms).toBeGreaterThan(0);
    expect(report.notReady.consumer.ms).toBeGreaterThan(0);
    expect(report.readyAgainAfterMs).toBeLessThan(60_000);
    expect(report.drainedAfterMs).toBeLessThan(60_000);
  },
  600_000,
);
