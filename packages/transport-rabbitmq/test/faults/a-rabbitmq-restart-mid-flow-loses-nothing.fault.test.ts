import { randomUUID } from 'node:crypto';
import {
  brokerFromEnvironment,
  describeOutageDrill,
  runOutageDrill,
} from '@pragmatic-messaging/core/testing';
import { createRabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { afterAll, expect, it } from 'vitest';
import { restartService } from '../../../../scripts/test-support/service-drill.js';
import { deleteResourcesWithPrefix, ManagementApi } from '../support/management-api.js';
import { VHOST } from '../support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ restart drill');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ restart drill');
const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'RabbitMQ restart drill');
const prefix = `drill-${randomUUID().slice(0, 8)}.`;

afterAll(async () => {
  if (managementUrl) await deleteResourcesWithPrefix(new ManagementApi(managementUrl), VHOST, prefix);
});

it.runIf(url && managementUrl && databaseUrl)(
  'a RabbitMQ restart mid-flow loses nothing: every committed order is handled once, health says not ready meanwhile',
  async () => {
    const report = await runOutageDrill({
      name: 'RabbitMQ broker restart',
      createTransport: () =>
        createRabbitMqTransport({ url: url!, prefix, reconnect: { initialDelayMs: 100, maxDelayMs: 2_000 } }),
      databaseUrl: databaseUrl!,
      outage: () => restartService('rabbitmq'),
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
