import { propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness } from '../../src/entries/testing.js';
import { createInMemoryTransport, createMessaging, Headers, type Messaging } from '../../src/index.js';
import { TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
  trace.disable();
  propagation.disable();
});

/**
 * No global context manager is registered on purpose: the trace must hold together through the `traceparent`
 * header and the bus's own message scope, as it does in an application that never configured OpenTelemetry's
 * async context.
 */
async function traceOfOneConversation(assignmentFailures = 0, tracer: 'passed' | 'global' = 'passed') {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const bus = createMessaging({
    service: 'desk',
    transport: createInMemoryTransport(),
    retry: { immediate: 1, delays: [] },
    telemetry: tracer === 'passed' ? { tracer: provider.getTracer('tracing-test') } : {},
  });
  buses.push(bus);
  // An application may start its OpenTelemetry SDK after creating the bus; the bus must notice.
  if (tracer === 'global') trace.setGlobalTracerProvider(provider);
  let assignmentRuns = 0;
  let headers: Readonly<Record<string, string>> = {};
  bus
    .endpoint('assignment')
    .on(TicketCreated, (ticket, context) =>
      context.publish(TicketAssigned, { ticketId: ticket.ticketId, agent: 'ada' }),
    );
  bus.endpoint('notification').on(TicketAssigned, (_assignment, context) => {
    headers = context.headers;
    assignmentRuns++;
    if (assignmentRuns <= assignmentFailures) throw new Error(`try ${assignmentRuns} fails`);
  });
  const harness = createTestHarness(bus);
  await bus.start();
  await bus.publish(TicketCreated, { ticketId: 't-1', title: 'traced' }, { id: 'created-1' });
  // One immediate retry: a second failure dead-letters the assignment.
  const [outcome] =
    assignmentFailures > 1
      ? await harness.deadLettered(TicketAssigned)
      : await harness.handled(TicketAssigned);
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return { spans, assignedId: outcome!.messageId, traceparent: headers[Headers.traceparent], headers };
}

const byName = (spans: readonly ReadableSpan[], kind: SpanKind, type: string) => {
  const found = spans.filter(
    (span) => span.kind === kind && span.attributes['pragmatic_messaging.message.type'] === type,
  );
  expect(found, `${SpanKind[kind]} span of ${type}`).toHaveLength(1);
  return found[0]!;
};

const UPSTREAM = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/**
 * No tracer at all: a message arrives with `incoming` headers from a traced caller, its handler publishes; what
 * headers does that second message carry?
 */
async function headersPassedOnWithoutSdk(incoming: Record<string, string>) {
  const bus = createMessaging({ service: 'desk', transport: createInMemoryTransport() });
  buses.push(bus);
  bus
    .endpoint('assignment')
    .on(TicketCreated, (ticket, context) =>
      context.publish(TicketAssigned, { ticketId: ticket.ticketId, agent: 'ada' }),
    );
  let headers: Readonly<Record<string, string>> = {};
  bus.endpoint('notification').on(TicketAssigned, (_assignment, context) => {
    headers = context.headers;
  });
  const harness = createTestHarness(bus);
  await bus.start();
  await bus.publish(TicketCreated, { ticketId: 't-1', title: 'from a traced caller' }, { headers: incoming });
  await harness.handled(TicketAssigned);
  return headers;
}

describe('tracing', () => {
  it('puts publish → handle → publish → handle in one trace with correct parents and span kinds', async () => {
    const { spans, assignedId } = await traceOfOneConversation();
    expect(spans).toHaveLength(4);
    const publishCreated = byName(spans, SpanKind.PRODUCER, TicketCreated.type);
    const handleCreated = byName(spans, SpanKind.CONSUMER, TicketCreated.type);
    const publishAssigned = byName(spans, SpanKind.PRODUCER, TicketAssigned.type);
    const handleAssigned = byName(spans, SpanKind.CONSUMER, TicketAssigned.type);

    const traceId = publishCreated.spanContext().traceId;
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([traceId]));
    expect(publishCreated.parentSpanContext).toBeUndefined();
    expect(handleCreated.parentSpanContext?.spanId).toBe(publishCreated.spanContext().spanId);
    expect(publishAssigned.parentSpanContext?.spanId).toBe(handleCreated.spanContext().spanId);
    expect(handleAssigned.parentSpanContext?.spanId).toBe(publishAssigned.spanContext().spanId);
    // The consumer span also links to the producer span, as the semantic conventions ask for batch-friendly traces.
    expect(handleAssigned.links.map((link) => link.context.spanId)).toEqual([
      publishAssigned.spanContext().spanId,
    ]);
    for (const span of spans) expect(span.status.code).toBe(SpanStatusCode.OK);

    expect(publishCreated.name).toBe('publish tickets');
    expect(publishCreated.attributes).toMatchObject({
      'messaging.system.name': 'memory',
      'messaging.destination.name': 'tickets',
      'messaging.operation.name': 'publish',
      'messaging.operation.type': 'send',
      'messaging.message.id': 'created-1',
      'messaging.message.conversation_id': 'created-1',
    });
    expect(handleAssigned.name).toBe('process tickets');
    expect(handleAssigned.attributes).toMatchObject({
      'messaging.system.name': 'memory',
      'messaging.destination.name': 'tickets',
      'messaging.consumer.group.name': 'notification',
      'messaging.operation.name': 'process',
      'messaging.operation.type': 'process',
      'messaging.message.id': assignedId,
      // The whole conversation shares the first message's id as its correlation id.
      'messaging.message.conversation_id': 'created-1',
      'pragmatic_messaging.delivery.attempt': 1,
    });
    expect(handleAssigned.attributes['messaging.message.body.size']).toBeGreaterThan(0);
  });

  it('writes the producer span into the traceparent header the consumer continues from', async () => {
    const { spans, traceparent } = await traceOfOneConversation();
    const { traceId, spanId } = byName(spans, SpanKind.PRODUCER, TicketAssigned.type).spanContext();
    expect(traceparent).toBe(`00-${traceId}-${spanId}-01`);
    const consumer = byName(spans, SpanKind.CONSUMER, TicketAssigned.type);
    expect(consumer.parentSpanContext).toMatchObject({ traceId, spanId, isRemote: true });
  });

  it('keeps the consumer span OK when an immediate retry succeeds', async () => {
    const { spans } = await traceOfOneConversation(1);
    expect(spans).toHaveLength(4);
    expect(byName(spans, SpanKind.CONSUMER, TicketAssigned.type).status.code).toBe(SpanStatusCode.OK);
  });

  it('marks the consumer span as an error, with the exception, when the delivery fails', async () => {
    const { spans } = await traceOfOneConversation(2);
    const consumer = byName(spans, SpanKind.CONSUMER, TicketAssigned.type);
    expect(consumer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'try 2 fails' });
    expect(consumer.attributes['error.type']).toBe('Error');
    expect(consumer.events.map((event) => [event.name, event.attributes?.['exception.message']])).toEqual([
      ['exception', 'try 2 fails'],
    ]);
  });

  it('records with the globally registered provider, also when the SDK registers it after the bus was created', async () => {
    const { spans } = await traceOfOneConversation(0, 'global');
    expect(spans).toHaveLength(4);
    const publishAssigned = byName(spans, SpanKind.PRODUCER, TicketAssigned.type);
    const handleAssigned = byName(spans, SpanKind.CONSUMER, TicketAssigned.type);
    expect(handleAssigned.parentSpanContext?.spanId).toBe(publishAssigned.spanContext().spanId);
  });

  it('without any tracer, passes the incoming traceparent on to the messages published while handling', async () => {
    const headers = await headersPassedOnWithoutSdk({ [Headers.traceparent]: UPSTREAM });
    expect(headers[Headers.traceparent]).toBe(UPSTREAM);
  });

  it("injects and extracts through the application's propagators: B3 headers, and the trace holds together", async () => {
    propagation.setGlobalPropagator(new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }));
    const { spans, headers } = await traceOfOneConversation();
    const producer = byName(spans, SpanKind.PRODUCER, TicketAssigned.type);
    const consumer = byName(spans, SpanKind.CONSUMER, TicketAssigned.type);
    expect(headers).toMatchObject({
      'x-b3-traceid': producer.spanContext().traceId,
      'x-b3-spanid': producer.spanContext().spanId,
      'x-b3-sampled': '1',
    });
    expect(headers[Headers.traceparent]).toBeUndefined();
    expect(consumer.parentSpanContext).toMatchObject({
      spanId: producer.spanContext().spanId,
      isRemote: true,
    });
  });

  it('passes W3C baggage and trace context on through a handler with a registered propagator and no SDK', async () => {
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    const headers = await headersPassedOnWithoutSdk({
      [Headers.traceparent]: UPSTREAM,
      baggage: 'tenant=acme',
    });
    expect(headers).toMatchObject({ [Headers.traceparent]: UPSTREAM, baggage: 'tenant=acme' });
  });
});
