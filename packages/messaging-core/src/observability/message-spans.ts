import {
  type Attributes,
  type Context,
  context as otelContext,
  ProxyTracerProvider,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { errorCodeOf } from '../errors.js';

/**
 * The span of one message being published or processed. Without a tracer installed it is a pass-through: no span
 * object, no attribute objects, no context switch per message — only the incoming `traceparent` travels on, so
 * a trace still holds together across services that do trace.
 */
export interface MessageSpan {
  /** The trace context work for this message runs in (and that is written into outgoing headers). */
  readonly context: Context | undefined;
  /** Runs `work` with this span as the active one. */
  activate<T>(work: () => Promise<T>): Promise<T>;
  succeed(): void;
  fail(error: unknown): void;
  end(): void;
}

export interface MessageSpanOptions {
  readonly name: string;
  readonly kind: SpanKind.PRODUCER | SpanKind.CONSUMER;
  /** The parent (publish) or the remote context from the message's headers (process). */
  readonly parent: Context | undefined;
  /** Built only when a span is really recorded. */
  readonly attributes: () => Attributes;
  /** A consumer links to the producer's span as well as continuing its trace. */
  readonly linkToParent?: boolean;
}

export function startMessageSpan(tracer: Tracer, options: MessageSpanOptions): MessageSpan {
  if (!tracerIsLive(tracer)) return passThroughSpan(options.parent);
  const parent = options.parent ?? otelContext.active();
  const linked = options.linkToParent && options.parent ? trace.getSpanContext(options.parent) : undefined;
  const span = tracer.startSpan(
    options.name,
    { kind: options.kind, attributes: options.attributes(), links: linked ? [{ context: linked }] : [] },
    parent,
  );
  return recordingSpan(span, trace.setSpan(parent, span));
}

function recordingSpan(span: Span, spanContext: Context): MessageSpan {
  return {
    context: spanContext,
    activate: (work) => otelContext.with(spanContext, work),
    succeed: () => span.setStatus({ code: SpanStatusCode.OK }),
    fail: (error) => {
      span.setAttribute('error.type', errorCodeOf(error));
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    },
    end: () => span.end(),
  };
}

function passThroughSpan(parent: Context | undefined): MessageSpan {
  return {
    context: parent,
    activate: runDirectly,
    succeed: noop,
    fail: noop,
    end: noop,
  };
}

const noop = () => {};
const runDirectly = <T>(work: () => Promise<T>): Promise<T> => work();

// What the global provider delegates to while no SDK has registered one.
const NO_SDK = new ProxyTracerProvider().getDelegate();

/**
 * A tracer the application passed in is always live. The global one (the default) is live once an SDK has
 * registered a provider — checked per message, because an SDK may be started after the bus.
 */
export function tracerIsLive(tracer: Tracer): boolean {
  if (!globalTracers.has(tracer)) return true;
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NO_SDK;
}

const globalTracers = new WeakSet<Tracer>();

/** The tracer of the globally registered provider (a proxy that starts recording once an SDK registers). */
export function globalTracer(name: string): Tracer {
  const tracer = trace.getTracer(name);
  globalTracers.add(tracer);
  return tracer;
}
