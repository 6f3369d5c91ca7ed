// For the explicit-telemetry fragment: a tracer provider and a meter of the application's own.
import { metrics } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createInMemoryTransport, createMessaging } from '@pragmatic-messaging/core';

const service = 'billing';
const transport = createInMemoryTransport();
const tracerProvider = new BasicTracerProvider();
const meter = metrics.getMeter('billing');

// @snippet
