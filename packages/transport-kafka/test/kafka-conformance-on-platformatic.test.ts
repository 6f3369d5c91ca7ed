import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { describe } from 'vitest';
import { createTestKafkaTransport, TEST_SESSION_TIMEOUT_MS } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka transport conformance on @platformatic/kafka');

// The same suite as kafka-conformance.test.ts, on the second client library: the transport must not tell them apart.
describe.runIf(brokers)('Kafka transport on @platformatic/kafka against a real broker', () => {
  describeTransportConformance({
    name: 'kafka (platformatic)',
    createTransport: () => createTestKafkaTransport(brokers!, { client: 'platformatic' }),
    timeoutMs: 25_000,
    lockTimeoutMs: TEST_SESSION_TIMEOUT_MS,
    lateDelayToleranceMs: 2_000,
  });
});
