import { context as otelContext, SpanKind } from '@opentelemetry/api';
import { Headers } from '../contracts/headers.js';
import { errorCodeOf } from '../errors.js';
import { startMessageSpan } from '../observability/message-spans.js';
import {
  attributesPerMessageType,
  type Instruments,
  transportAttributes,
} from '../observability/telemetry.js';
import { injectTraceContext } from '../observability/trace-context.js';
import type { TransportTelemetry } from '../transport/transport-telemetry.js';
import type { Middleware } from './middleware.js';
import type { ProduceContext } from './produce-context.js';

/** What tracing a publish needs of the produce pipeline's settings. */
export interface TraceProduceSettings {
  readonly transportName: string;
  readonly transportTelemetry?: TransportTelemetry | undefined;
  readonly instruments: Instruments;
}

/** The producer span (its context goes into the headers: `traceparent`…) and the publish metrics. */
export function traceProduceStep(settings: TraceProduceSettings): Middleware<ProduceContext> {
  const metricAttributes = attributesPerMessageType({
    ...transportAttributes({ name: settings.transportName, telemetry: settings.transportTelemetry }),
    'messaging.operation.name': 'publish',
  });
  const publishAttributes = settings.transportTelemetry?.publishAttributes?.bind(settings.transportTelemetry);
  return async (context, next) => {
    const started = performance.now();
    const attributes = metricAttributes(context.contract.topic, context.contract.type);
    const span = startMessageSpan(settings.instruments.tracer, {
      name: `publish ${context.contract.topic}`,
      kind: SpanKind.PRODUCER,
      parent: context.scope?.traceContext ?? otelContext.active(),
      attributes: () => ({
        ...attributes,
        'messaging.operation.type': 'send',
        'messaging.message.id': context.id,
        'messaging.message.conversation_id': context.headers[Headers.correlationId],
        ...publishAttributes?.({
          topic: context.contract.topic,
          type: context.contract.type,
          key: context.key,
        }),
      }),
    });
    // Through the application's propagators; the W3C traceparent of the span (or of the handled message) otherwise.
    if (span.context) injectTraceContext(span.context, context.headers);
    let outcome = attributes;
    try {
      await span.activate(next);
      span.succeed();
    } catch (error) {
      span.fail(error);
      outcome = { ...attributes, 'error.type': errorCodeOf(error) };
      throw error;
    } finally {
      span.end();
      settings.instruments.published.add(1, outcome);
      settings.instruments.publishDuration.record((performance.now() - started) / 1000, outcome);
    }
  };
}
