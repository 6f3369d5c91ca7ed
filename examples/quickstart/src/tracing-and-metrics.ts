import { metrics, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { createInMemoryTransport, createMessaging, defineMessage } from '@pragmatic-messaging/core';
import { z } from 'zod';

// 1. OpenTelemetry. register() installs the tracer provider, the AsyncLocalStorage context manager (without it an
//    application's span cannot be the parent of what is published inside it) and the W3C trace-context and
//    baggage propagators. In production, export to your backend (OTLP) instead of into memory.
const spans = new InMemorySpanExporter();
const tracing = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
tracing.register();
const recorded = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: recorded, exportIntervalMillis: 60_000 });
const meters = new MeterProvider({ readers: [reader] });
metrics.setGlobalMeterProvider(meters);

// 2. The bus needs no telemetry settings: it records with the global providers.
const TicketCreated = defineMessage({
  type: 'tickets.ticket-created',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), title: z.string() }),
});
const messaging = createMessaging({ service: 'helpdesk', transport: createInMemoryTransport() });
let notified!: () => void;
const handled = new Promise<void>((resolve) => {
  notified = resolve;
});
messaging.endpoint('notifications').on(TicketCreated, async () => notified());
await messaging.start();

// 3. An application span, say an HTTP request: the publish inside it becomes its child.
await trace.getTracer('helpdesk-api').startActiveSpan('POST /tickets', async (request) => {
  await messaging.publish(TicketCreated, { ticketId: 'T-1', title: 'Printer on fire' });
  request.end();
});
await handled;
await messaging.stop();

// 4. What was recorded: one trace from the request to the handler, and the metrics.
const finished = spans.getFinishedSpans();
const depth = (span: (typeof finished)[number]): number => {
  const parent = finished.find((other) => other.spanContext().spanId === span.parentSpanContext?.spanId);
  return parent ? depth(parent) + 1 : 0;
};
for (const span of [...finished].sort((a, b) => depth(a) - depth(b))) {
  console.log(`${'  '.repeat(depth(span))}${span.name}`);
}
await reader.forceFlush();
const names = recorded
  .getMetrics()
  .flatMap((batch) =>
    batch.scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.descriptor.name)),
  );
console.log([...new Set(names)].sort().join('\n'));
await Promise.all([tracing.shutdown(), meters.shutdown()]);
