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
  /** Runs `work(subject)` with this span as the active one (an argument, not a closure: nothing is built per message). */
  activate<Subject, T>(work: (subject: Subject) => Promise<T>, subject: Subject): Promise<T>;
  succeed(): void;
  fail(error: unknown): void;
  end(): void;
}

/** What a recorded span is made of; built only when a span is really recorded. */
export interface MessageSpanOptions {
  readonly name: string;
  readonly kind: SpanKind.PRODUCER | SpanKind.CONSUMER;
  readonly attributes: Attributes;
  /** A consumer links to the producer's span as well as continuing its trace. */
  readonly linkToParent?: boolean;
}

/**
 * `parent` is the publishing code's context or the remote context from the message's headers. `describe(subject)`
 * runs only when a tracer is live: without one, nothing but a pass-through object is built per message.
 */
export function startMessageSpan<Subject>(
  tracer: Tracer,
  parent: Context | undefined,
  describe: (subject: Subject) => MessageSpanOptions,
  subject: Subject,
): MessageSpan {
  if (!tracerIsLive(tracer)) return new PassThroughSpan(parent);
  const options = describe(subject);
  const base = parent ?? otelContext.active();
  const linked = options.linkToParent && parent ? trace.getSpanContext(parent) : undefined;
  const span = tracer.startSpan(
    options.name,
    { kind: options.kind, attributes: options.attributes, links: linked ? [{ context: linked }] : [] },
    base,
  );
  return recordingSpan(span, trace.setSpan(base, span));
}

function recordingSpan(span: Span, spanContext: Context): MessageSpan {
  return {
    context: spanContext,
    activate: (work, subject) => otelContext.with(spanContext, work, undefined, subject),
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

/** Without a tracer: one small object per message, its methods on the prototype. */
class PassThroughSpan implements MessageSpan {
  constructor(readonly context: Context | undefined) {}

  activate<Subject, T>(work: (subject: Subject) => Promise<T>, subject: Subject): Promise<T> {
    return work(subject);
  }

  succeed(): void {}

  fail(): void {}

  end(): void {}
}

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
