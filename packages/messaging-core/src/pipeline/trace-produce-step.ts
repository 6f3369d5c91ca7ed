import { context as otelContext, SpanKind } from '@opentelemetry/api';
import { Headers } from '../contracts/headers.js';
import { errorCodeOf } from '../errors.js';
import { type MessageSpanOptions, startMessageSpan, tracerIsLive } from '../observability/message-spans.js';
import {
  attributesPerMessageType,
  type Instruments,
  transportAttributes,
} from '../observability/telemetry.js';
import { injectTraceContext } from '../observability/trace-context.js';
import type { TransportTelemetry } from '../transport/transport-telemetry.js';
import type { ProduceContext } from './produce-context.js';

/** What tracing a publish needs of the produce pipeline's settings. */
export interface TraceProduceSettings {
  readonly transportName: string;
  readonly transportTelemetry?: TransportTelemetry | undefined;
  readonly instruments: Instruments;
}

/**
 * The producer span (its context goes into the headers: `traceparent`…) and the publish metrics around `rest`
 * (user middleware, serialize, dispatch), which runs with the span active. The produce pipeline's one async step,
 * skipped while neither a tracer nor a meter records anything: then only the trace context travels on.
 */
export function traceProduce(
  settings: TraceProduceSettings,
  rest: (context: ProduceContext) => Promise<void>,
): (context: ProduceContext) => Promise<void> {
  const { instruments } = settings;
  const metricAttributes = attributesPerMessageType({
    ...transportAttributes({ name: settings.transportName, telemetry: settings.transportTelemetry }),
    'messaging.operation.name': 'publish',
  });
  const publishAttributes = settings.transportTelemetry?.publishAttributes?.bind(settings.transportTelemetry);
  const describe = (context: ProduceContext): MessageSpanOptions => ({
    name: `publish ${context.contract.topic}`,
    kind: SpanKind.PRODUCER,
    attributes: {
      ...metricAttributes(context.contract.topic, context.contract.type),
      'messaging.operation.type': 'send',
      'messaging.message.id': context.id,
      'messaging.message.conversation_id': context.headers[Headers.correlationId],
      ...publishAttributes?.({
        topic: context.contract.topic,
        type: context.contract.type,
        key: context.key,
      }),
    },
  });
  const traced = async (context: ProduceContext): Promise<void> => {
    const started = performance.now();
    const attributes = metricAttributes(context.contract.topic, context.contract.type);
    const parent = context.scope?.traceContext ?? otelContext.active();
    const span = startMessageSpan(instruments.tracer, parent, describe, context);
    // Through the application's propagators; the W3C traceparent of the span (or of the handled message) otherwise.
    if (span.context) injectTraceContext(span.context, context.headers);
    let outcome = attributes;
    try {
      await span.activate(rest, context);
      span.succeed();
    } catch (error) {
      span.fail(error);
      outcome = { ...attributes, 'error.type': errorCodeOf(error) };
      throw error;
    } finally {
      span.end();
      instruments.published.add(1, outcome);
      instruments.publishDuration.record((performance.now() - started) / 1000, outcome);
    }
  };
  return (context) => {
    if (instruments.metered || tracerIsLive(instruments.tracer)) return traced(context);
    // What the pass-through span would write: the handled message's trace context, or the caller's active one.
    injectTraceContext(context.scope?.traceContext ?? otelContext.active(), context.headers);
    return rest(context);
  };
}
