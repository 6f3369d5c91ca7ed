import { randomUUID } from 'node:crypto';
import { context as otelContext, SpanKind } from '@opentelemetry/api';
import type { MessageContract } from '../contracts/define-message.js';
import { Headers } from '../contracts/headers.js';
import type { Serializer } from '../contracts/serializer.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import { validateMessage } from '../contracts/validate-message.js';
import { errorCodeOf, PublishError } from '../errors.js';
import { startMessageSpan } from '../observability/message-spans.js';
import {
  attributesPerMessageType,
  type Instruments,
  transportAttributes,
} from '../observability/telemetry.js';
import { injectTraceContext } from '../observability/trace-context.js';
import { composeMiddleware, type Middleware } from '../pipeline/middleware.js';
import type { ProduceContext, PublishOptions } from '../pipeline/produce-context.js';
import { untilAborted } from '../pipeline/until-aborted.js';
import { messageSize } from '../transport/settlement-messages.js';
import type { TransportTelemetry } from '../transport/transport-telemetry.js';
import { markWireFormat, type WireFormat } from '../wire/wire-format.js';
import type { BusEvents } from './bus-events.js';
import { currentMessageScope, type MessageScope } from './message-scope.js';

export interface ProducePipelineSettings {
  readonly service: string;
  readonly transportName: string;
  readonly transportTelemetry?: TransportTelemetry | undefined;
  readonly maxMessageBytes: number;
  readonly serializer: Serializer;
  /** The bus's wire format; a contract's own wins. */
  readonly wireFormat?: WireFormat | undefined;
  readonly instruments: Instruments;
  readonly events: BusEvents;
  readonly middleware: readonly Middleware<ProduceContext>[];
  /** The last step: hand the envelope to the transport, or to the outbox inside a unit of work. */
  readonly dispatch: (envelope: TransportMessage, context: ProduceContext) => Promise<void>;
  /** Look up the message scope of the calling code in AsyncLocalStorage when none is passed. */
  readonly ambientScope: boolean;
}

export type ProducePipeline = (
  contract: MessageContract<unknown, unknown>,
  message: unknown,
  options?: PublishOptions,
  scope?: MessageScope,
) => Promise<void>;

/** validate → correlation → trace → [user middleware] → serialize → dispatch. */
export function createProducePipeline(settings: ProducePipelineSettings): ProducePipeline {
  const run = composeMiddleware(
    [
      validateOutgoingStep,
      correlationStep,
      traceProduceStep(settings),
      ...settings.middleware,
      serializeStep(settings),
    ],
    async (context) => {
      const { signal } = context.options;
      const dispatched = settings.dispatch(context.envelope!, context);
      await (signal ? untilAborted(dispatched, signal) : dispatched);
      if (!settings.events.listened) return;
      settings.events.emit({
        kind: 'published',
        type: context.contract.type,
        messageId: context.id,
        topic: context.contract.topic,
        message: context.message,
      });
    },
  );
  return (contract, message, options = {}, scope = undefined) => {
    const context: ProduceContext = {
      scope: scope ?? (settings.ambientScope ? currentMessageScope() : undefined),
      service: settings.service,
      contract,
      message,
      options,
      id: options.id ?? randomUUID(),
      key: options.key,
      timestamp: Date.now(),
      headers: { ...options.headers },
      items: new Map(),
    };
    // Always a promise: even a synchronous failure of a step is a rejection, never a throw from publish().
    return Promise.resolve().then(() => {
      options.signal?.throwIfAborted();
      return run(context);
    });
  };
}

function keyOf(contract: MessageContract<unknown, unknown>, message: unknown): string | undefined {
  if (!contract.key) return undefined;
  try {
    return contract.key(message);
  } catch (error) {
    throw new PublishError(`The key function of "${contract.type}" failed: ${(error as Error).message}`, {
      cause: error,
      retryable: false,
    });
  }
}

/** Nothing invalid leaves the process: a schema violation rejects the publish, nothing is sent. */
const validateOutgoingStep: Middleware<ProduceContext> = async (context, next) => {
  await validateMessage(context.contract, context.message);
  // The key function may assume a valid message, so it runs after validation.
  context.key ??= keyOf(context.contract, context.message);
  await next();
};

/** Correlation id from the current causal chain (or a new chain), causation id = the message being handled. */
const correlationStep: Middleware<ProduceContext> = async (context, next) => {
  const scope = context.scope;
  const headers = context.headers;
  headers[Headers.correlationId] = context.options.correlationId ?? scope?.correlationId ?? context.id;
  if (scope) headers[Headers.causationId] = scope.messageId;
  headers[Headers.sourceService] = context.service;
  headers[Headers.attempt] = '1';
  await next();
};

function traceProduceStep(settings: ProducePipelineSettings): Middleware<ProduceContext> {
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

function serializeStep(settings: ProducePipelineSettings): Middleware<ProduceContext> {
  return async (context, next) => {
    context.headers[Headers.contentType] = settings.serializer.contentType;
    markWireFormat(context.headers, context.contract.wireFormat, settings.wireFormat);
    context.envelope = {
      id: context.id,
      type: context.contract.type,
      topic: context.contract.topic,
      key: context.key,
      headers: context.headers,
      body: settings.serializer.serialize(context.message),
      timestamp: context.timestamp,
      mandatory: context.contract.mandatory,
    };
    const size = messageSize(context.envelope);
    if (size > settings.maxMessageBytes) {
      throw new PublishError(
        `Message "${context.contract.type}" is ${size} bytes; transport "${settings.transportName}" accepts at most ${settings.maxMessageBytes}`,
        { retryable: false, scope: 'message' },
      );
    }
    await next();
  };
}
