import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { describe } from 'vitest';
import type { KafkaTransport } from '../src/index.js';
import { createTestKafkaTransport } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka transport conformance');

describe.runIf(brokers)('Kafka transport against a real broker', () => {
  describeTransportConformance({
    name: 'kafka',
    createTransport: () => createTestKafkaTransport(brokers!),
    // Destroys the client's TCP connections to the broker for real; kafkajs has to reconnect by itself.
    cutConnection: async (transport) => (transport as KafkaTransport).dropConnections(),
    // Below vitest's 30 s test timeout, so a wait that fails says what it waited for.
    timeoutMs: 25_000,
    lateDelayToleranceMs: 2_000,
  });
});
