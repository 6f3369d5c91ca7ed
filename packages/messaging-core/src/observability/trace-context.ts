import {
  type Context,
  context,
  createTraceState,
  propagation,
  type SpanContext,
  type TextMapGetter,
  type TextMapSetter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { Headers, type MessageHeaders } from '../contracts/headers.js';

/**
 * Trace context crosses the broker in message headers through the application's propagators (`propagation` of
 * @opentelemetry/api: W3C trace context and baggage by default with an SDK, B3 or any other the application
 * registered). While no propagator is registered, the API's would write nothing; W3C `traceparent`/`tracestate`
 * are then written and read here, so a trace still holds together through services that never set OpenTelemetry
 * up (decision 20).
 */
export function injectTraceContext(traceContext: Context, headers: MessageHeaders): void {
  if (propagatorRegistered()) propagation.inject(traceContext, headers, headerSetter);
  else injectW3cTraceContext(traceContext, headers);
}

/** The remote context carried by `headers` on top of `base`, or undefined when they carry none. */
export function extractTraceContext(
  headers: MessageHeaders,
  base: Context = context.active(),
): Context | undefined {
  if (!propagatorRegistered()) return extractW3cTraceContext(headers, base);
  const extracted = propagation.extract(base, headers, headerGetter);
  const carriesContext = trace.getSpanContext(extracted) !== undefined || propagation.getBaggage(extracted);
  return extracted !== base && carriesContext ? extracted : undefined;
}

/** The API's no-op propagator has no fields; every real one (W3C, baggage, B3, composite) names its headers. */
function propagatorRegistered(): boolean {
  return propagation.fields().length > 0;
}

const headerSetter: TextMapSetter<MessageHeaders> = {
  set: (headers, key, value) => {
    headers[key] = value;
  },
};

const headerGetter: TextMapGetter<MessageHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function injectW3cTraceContext(traceContext: Context, headers: MessageHeaders): void {
  const spanContext = trace.getSpanContext(traceContext);
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return;
  const flags = (spanContext.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  headers[Headers.traceparent] = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
  const state = spanContext.traceState?.serialize();
  if (state) headers[Headers.tracestate] = state;
}

function extractW3cTraceContext(headers: MessageHeaders, base: Context): Context | undefined {
  const match = TRACEPARENT.exec(headers[Headers.traceparent] ?? '');
  if (!match) return undefined;
  const spanContext: SpanContext = {
    traceId: match[1]!,
    spanId: match[2]!,
    traceFlags: Number.parseInt(match[3]!, 16),
    isRemote: true,
    traceState: headers[Headers.tracestate] ? createTraceState(headers[Headers.tracestate]) : undefined,
  };
  return trace.isSpanContextValid(spanContext) ? trace.setSpanContext(base, spanContext) : undefined;
}
