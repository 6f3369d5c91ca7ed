import { SpanKind } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness } from '../../src/entries/testing.js';
import {
  createInMemoryTransport,
  createMessaging,
  type Messaging,
  NonRetryableError,
} from '../../src/index.js';
import { TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';

/** Reads what the meter recorded when asked, nothing periodic. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const defined = (prefix: 'ATTR_' | 'METRIC_') =>
  new Set(
    Object.entries(semconv)
      .filter(([name, value]) => name.startsWith(prefix) && typeof value === 'string')
      .map(([, value]) => value as string),
  );
const ATTRIBUTES = defined('ATTR_');
const METRICS = defined('METRIC_');
// Defined by the conventions, but deprecated in favour of the names the toolkit uses.
const DEPRECATED = ['messaging.system', 'messaging.operation', 'messaging.rabbitmq.destination.routing_key'];
const OWN = /^pragmatic_messaging\./;

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

async function recordOneSuccessAndOneFailure() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const bus = createMessaging({
    service: 'desk',
    transport: createInMemoryTransport(),
    retry: { immediate: 0, delays: [] },
    telemetry: { tracer: tracerProvider.getTracer('test'), meter: meterProvider.getMeter('test') },
  });
  buses.push(bus);
  bus.endpoint('assignment').on(TicketCreated, async (ticket, context) => {
    await context.publish(TicketAssigned, { ticketId: ticket.ticketId, agent: 'ada' });
  });
  bus.endpoint('audit').on(TicketAssigned, () => {
    throw new NonRetryableError('no audit today');
  });
  const harness = createTestHarness(bus);
  await bus.start();
  await bus.publish(TicketCreated, { ticketId: 't-1', title: 'measured' });
  await harness.deadLettered(TicketAssigned);
  await harness.handled(TicketCreated);
  const { resourceMetrics } = await reader.collect();
  const metrics = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  return { spans: spans.getFinishedSpans(), metrics };
}

describe('telemetry follows the OpenTelemetry messaging semantic conventions', () => {
  it('names every metric as the conventions do, or in its own namespace outside the reserved messaging.*', async () => {
    const { metrics } = await recordOneSuccessAndOneFailure();
    const names = metrics.map((metric) => metric.descriptor.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'messaging.client.sent.messages',
        'messaging.client.operation.duration',
        'messaging.client.consumed.messages',
        'messaging.process.duration',
        'pragmatic_messaging.handled.messages',
        'pragmatic_messaging.dead_lettered.messages',
      ]),
    );
    for (const name of names) expect(METRICS.has(name) || OWN.test(name), name).toBe(true);
  });

  it('uses only attributes the conventions define (not deprecated ones), or its own namespace', async () => {
    const { spans, metrics } = await recordOneSuccessAndOneFailure();
    const keys = new Set([
      ...spans.flatMap((span) => Object.keys(span.attributes)),
      ...metrics.flatMap((metric) => metric.dataPoints.flatMap((point) => Object.keys(point.attributes))),
    ]);
    expect([...keys]).toEqual(
      expect.arrayContaining(['messaging.system.name', 'messaging.destination.name', 'error.type']),
    );
    for (const key of keys) {
      expect(OWN.test(key) || (ATTRIBUTES.has(key) && !DEPRECATED.includes(key)), key).toBe(true);
    }
  });

  it('records error.type on the failed process span and on its duration', async () => {
    const { spans, metrics } = await recordOneSuccessAndOneFailure();
    const failed = spans.find(
      (span) =>
        span.kind === SpanKind.CONSUMER &&
        span.attributes['pragmatic_messaging.message.type'] === TicketAssigned.type,
    );
    expect(failed?.attributes['error.type']).toBe('NON_RETRYABLE');
    const durations = metrics.find((metric) => metric.descriptor.name === 'messaging.process.duration');
    expect(durations?.dataPoints.map((point) => point.attributes['error.type'])).toEqual(
      expect.arrayContaining([undefined, 'NON_RETRYABLE']),
    );
  });
});
