import { SpanKind } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { brokerFromEnvironment, createTestHarness } from '@pragmatic-messaging/core/testing';
import { createRabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

describe('RabbitMQ telemetry attributes', () => {
  it('names the broker of the first url as the semantic conventions do, never its credentials', () => {
    const { telemetry } = createRabbitMqTransport({
      url: ['amqps://ops:s3cret@rabbit-1.internal/prod', 'amqp://b'],
    });
    expect(telemetry.system).toBe('rabbitmq');
    expect(telemetry.attributes).toEqual({ 'server.address': 'rabbit-1.internal', 'server.port': 5671 });
    expect(JSON.stringify(telemetry)).not.toContain('s3cret');
    expect(telemetry.publishAttributes?.({ topic: 'tickets', type: 'tickets.created', key: 'k' })).toEqual({
      'rabbitmq.destination.routing_key': 'tickets.created',
    });
  });
});

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ telemetry');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ telemetry');

describe.runIf(url && managementUrl)('RabbitMQ spans against a real broker', () => {
  let world: RabbitMqTestWorld;
  beforeEach(() => {
    world = new RabbitMqTestWorld(url!, managementUrl!);
  });
  afterEach(() => world.dispose());

  it('puts the routing key, the delivery tag and the broker address on publish and process spans', async () => {
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer(
      't',
    );
    const contract = world.contract('traced');
    let harness: ReturnType<typeof createTestHarness> | undefined;
    const bus = await world.bus(
      'traced',
      (b) => {
        b.endpoint('traced').on(contract, () => {});
        harness = createTestHarness(b);
      },
      { publishes: [contract], telemetry: { tracer } },
    );
    await bus.publish(contract, world.sample(1));
    await harness!.handled(contract);

    const spans = exporter.getFinishedSpans();
    const server = { 'server.address': new URL(url!).hostname, 'messaging.system.name': 'rabbitmq' };
    expect(spans.find((span) => span.kind === SpanKind.PRODUCER)?.attributes).toMatchObject({
      ...server,
      'rabbitmq.destination.routing_key': contract.type,
    });
    const processed = spans.find((span) => span.kind === SpanKind.CONSUMER)?.attributes;
    expect(processed).toMatchObject({ ...server, 'rabbitmq.destination.routing_key': contract.type });
    expect(processed?.['rabbitmq.message.delivery_tag']).toEqual(expect.any(Number));
  });
});
