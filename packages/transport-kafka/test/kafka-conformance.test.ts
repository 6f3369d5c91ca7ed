import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { describe } from 'vitest';
import { createTestKafkaTransport } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka transport conformance');

describe.runIf(brokers)('Kafka transport against a real broker', () => {
  describeTransportConformance({
    name: 'kafka',
    createTransport: () => createTestKafkaTransport(brokers!),
    // No cutConnection: the transport's own simulateConnectionLoss destroys the client's TCP connections to the
    // broker for real, and kafkajs has to reconnect by itself.
    // Below vitest's 30 s test timeout, so a wait that fails says what it waited for.
    timeoutMs: 25_000,
    lateDelayToleranceMs: 2_000,
  });
});
