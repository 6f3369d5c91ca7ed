import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createMessaging, defineMessage, type Messaging } from '@pragmatic-messaging/core';
import { sampleSchema } from '@pragmatic-messaging/core/conformance';
import { brokerFromEnvironment, createTestHarness } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createKafkaTransport } from '../src/index.js';
import { createTestKafkaTransport } from './kafka-test-transport.js';

describe('Kafka telemetry attributes', () => {
  it('names the first bootstrap broker and the record key as the semantic conventions do', () => {
    const { telemetry } = createKafkaTransport({ brokers: 'kafka-1.internal:9093,kafka-2.internal:9093' });
    expect(telemetry.system).toBe('kafka');
    expect(telemetry.attributes).toEqual({ 'server.address': 'kafka-1.internal', 'server.port': 9093 });
    expect(telemetry.publishAttributes?.({ topic: 't', type: 'x', key: 'ticket-7' })).toEqual({
      'kafka.message.key': 'ticket-7',
    });
  });
});

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka telemetry');

describe.runIf(brokers)('Kafka spans against a real broker', () => {
  const buses: Messaging[] = [];
  afterEach(async () => {
    await Promise.allSettled(buses.splice(0).map((bus) => bus.stop()));
  });

  it('puts the partition, the offset and the key of the record on the process span', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
      't',
    );
    const run = randomUUID().slice(0, 8);
    const contract = defineMessage({
      type: `kafka.${run}.traced`,
      topic: `kafka-${run}`,
      schema: sampleSchema,
      key: (message) => message.key,
    });
    const bus = createMessaging({
      service: `kafka-${run}`,
      transport: createTestKafkaTransport(brokers!),
      telemetry: { tracer },
    });
    buses.push(bus);
    bus.endpoint(`kafka-${run}-traced`).on(contract, () => {});
    const harness = createTestHarness(bus);
    await bus.start();
    await bus.publish(contract, { id: 'm-1', key: 'ticket-7', seq: 1, text: 'traced' });
    await harness.handled(contract);

    const processed = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CONSUMER)?.attributes;
    expect(processed).toMatchObject({
      'messaging.system.name': 'kafka',
      'messaging.destination.name': contract.topic,
      'kafka.message.key': 'ticket-7',
      'server.address': brokers!.split(',')[0]!.split(':')[0],
    });
    expect(processed?.['messaging.destination.partition.id']).toMatch(/^\d+$/);
    expect(processed?.['kafka.offset']).toEqual(expect.any(Number));
  });
});
