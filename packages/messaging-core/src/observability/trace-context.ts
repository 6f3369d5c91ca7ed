import { type Context, context, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import { Headers, type MessageHeaders } from '../contracts/headers.js';

// W3C Trace Context is written and read here directly, so `traceparent` crosses the broker whether or not the
// application registered a global propagator.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function injectTraceContext(spanContext: SpanContext, headers: MessageHeaders): void {
  if (!trace.isSpanContextValid(spanContext)) return;
  const flags = (spanContext.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, '0');
  headers[Headers.traceparent] = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
  const state = spanContext.traceState?.serialize();
  if (state) headers[Headers.tracestate] = state;
}

export function extractTraceContext(
  headers: MessageHeaders,
  base: Context = context.active(),
): Context | undefined {
  const match = TRACEPARENT.exec(headers[Headers.traceparent] ?? '');
  if (!match) return undefined;
  const spanContext: SpanContext = {
    traceId: match[1]!,
    spanId: match[2]!,
    traceFlags: Number.parseInt(match[3]!, 16),
    isRemote: true,
  };
  return trace.isSpanContextValid(spanContext) ? trace.setSpanContext(base, spanContext) : undefined;
}
