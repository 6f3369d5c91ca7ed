import { createConsoleLogger, type LogLevel } from '@pragmatic-messaging/core';
import {
  createKafkaTransport,
  type KafkaClientLibrary,
  type KafkaTransport,
  type KafkaTransportOptions,
} from '../src/index.js';

/** The client libraries the transport runs on; the tests of its seam run on each. */
export const KAFKA_CLIENTS = ['kafkajs', 'platformatic'] as const satisfies readonly KafkaClientLibrary[];

/**
 * Settings for tests: short session and heartbeat intervals so groups converge in well under a second when
 * instances join and leave, and short fetch waits so due retries are picked up promptly.
 */
export const TEST_SESSION_TIMEOUT_MS = 6_000;

export function createTestKafkaTransport(
  brokers: string,
  overrides: Partial<KafkaTransportOptions> = {},
): KafkaTransport {
  return createKafkaTransport({
    brokers,
    clientId: 'pm-tests',
    partitions: 4,
    sessionTimeoutMs: TEST_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: 300,
    rebalanceTimeoutMs: 10_000,
    maxWaitTimeMs: 200,
    // PM_TEST_LOG=debug shows what the transport and kafkajs do while a test runs.
    logger: createConsoleLogger((process.env.PM_TEST_LOG as LogLevel | undefined) ?? 'silent'),
    ...overrides,
  });
}
