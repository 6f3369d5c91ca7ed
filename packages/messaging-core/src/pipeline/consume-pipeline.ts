import { SpanKind } from '@opentelemetry/api';
import type { Serializer } from '../contracts/serializer.js';
import { errorCodeOf } from '../errors.js';
import type { BusEvents } from '../observability/bus-events.js';
import type { Logger } from '../observability/logger.js';
import { type MessageSpanOptions, startMessageSpan } from '../observability/message-spans.js';
import {
  attributesPerMessageType,
  DELIVERY_ATTEMPT_ATTRIBUTE,
  type Instruments,
  transportAttributes,
} from '../observability/telemetry.js';
import { extractTraceContext } from '../observability/trace-context.js';
import type { EndpointTopology } from '../topology/topology.js';
import type { DeliveryHandler, TransportCapabilities } from '../transport/transport.js';
import type { TransportTelemetry } from '../transport/transport-telemetry.js';
import { type ConsumeContext, type ConsumeStage, DeliveryContext } from './consume-context.js';
import { checkEnvelope, decoder, sizeCheck, withTextHeaders } from './decode-step.js';
import { type ConsumingEndpoint, DeliveryHandlerContext, type ScopedPublish } from './handler-context.js';
import { withImmediateRetries } from './immediate-retries.js';
import { runInMessageScope } from './message-scope.js';
import { composeMiddleware, type Middleware } from './middleware.js';
import { ReleasedAtShutdownError } from './released-at-shutdown-error.js';
import { handlerResolver } from './resolve-handler-step.js';
import type { RetryPolicy } from './retry-policy.js';
import { emitFailure, eventBase, settle, settleFailure } from './settle-delivery.js';
import { validateIncoming } from './validate-step.js';

export interface ConsumePipelineSettings {
  readonly service: string;
  readonly transport: {
    readonly name: string;
    readonly capabilities: TransportCapabilities;
    readonly telemetry?: TransportTelemetry | undefined;
  };
  readonly serializer: Serializer;
  readonly logger: Logger;
  readonly instruments: Instruments;
  readonly events: BusEvents;
  readonly endpoint: ConsumingEndpoint;
  readonly topology: EndpointTopology;
  readonly policy: RetryPolicy;
  /** Bus-wide user middleware per stage; endpoint middleware runs inside it. */
  readonly middleware: { readonly [Stage in ConsumeStage]: readonly Middleware<ConsumeContext>[] };
  /** Built-in steps that run once per try, outside the user's handler-stage middleware (inbox, unit of work…). */
  readonly innerSteps: readonly Middleware<ConsumeContext>[];
  /** Publishes within a scope: what the handler context's `publish` calls. */
  readonly publish: ScopedPublish;
  /** Also run the handler inside AsyncLocalStorage, so code without the handler context finds the scope. */
  readonly ambientScope: boolean;
  /** Aborted when the bus stops waiting for handlers at shutdown; part of every handler's `ctx.signal`. */
  readonly shutdownSignal: AbortSignal;
  /**
   * With a store: runs each try so that a try failing because the store is unreachable waits for it and runs again
   * instead of using up the message's retries (reliability/outlast-store-outages.ts); `onOutage` reports each wait.
   */
  readonly outlastOutages?:
    | ((tryOnce: () => Promise<void>, onOutage: (error: unknown) => void) => Promise<void>)
    | undefined;
}

/**
 * Builds the function a transport calls for every delivery of one endpoint:
 * trace → [received] → envelope (id, type) → resolve handler → size → decode → validate → [validated] → immediate retries (
 *   inner steps → [handler] → handler ) → settle (ack, delayed retry or dead letter).
 * Composed once per endpoint: the built-in steps between the stages are plain functions called in turn, so a
 * delivery without user middleware creates a promise for the pipeline, one for the immediate retries and one for
 * the handler call, besides the handler's and the settlement's own. User middleware keeps its `(context, next)` form.
 */
export function createConsumePipeline(settings: ConsumePipelineSettings): DeliveryHandler {
  const { endpoint, policy, logger, events, instruments, outlastOutages } = settings;
  const stage = (name: ConsumeStage) => [...settings.middleware[name], ...endpoint.middleware[name]];

  const callHandler = async (context: ConsumeContext): Promise<void> => {
    const { handle } = endpoint.handlers.get(context.envelope.type)!;
    const handlerContext = new DeliveryHandlerContext(context, settings.publish, settings.shutdownSignal);
    try {
      await handle(context.message, handlerContext);
    } finally {
      handlerContext.release();
    }
  };
  const inner = composeMiddleware([...settings.innerSteps, ...stage('handler')], callHandler);
  const tryOnce = outlastOutages
    ? (context: ConsumeContext) =>
        outlastOutages(
          () => inner(context),
          (error) => emitFailure(settings, context, error, 'when-the-store-answers'),
        )
    : inner;
  const onTryFailed = (error: unknown, willRetry: boolean, context: ConsumeContext) => {
    if (willRetry) emitFailure(settings, context, error, 'immediately');
  };
  const tries = (context: ConsumeContext) =>
    withImmediateRetries(tryOnce, context, policy.immediate, onTryFailed);
  const afterValidated = composeMiddleware(stage('validated'), tries);

  const resolveHandler = handlerResolver(endpoint, settings.transport.capabilities.typeFiltering);
  const checkSize = sizeCheck(settings.transport.capabilities.maxMessageBytes);
  const decode = decoder(settings.serializer);
  const continueValidated = (context: ConsumeContext) => afterValidated(context);
  // A throw here (an invalid envelope, a body that does not decode) rejects whatever called it.
  const decodeAndValidate = (context: ConsumeContext): Promise<void> => {
    checkEnvelope(context);
    if (!resolveHandler(context)) return DONE;
    checkSize(context);
    decode(context);
    const validating = validateIncoming(context);
    return validating ? validating.then(() => continueValidated(context)) : afterValidated(context);
  };
  const outer = composeMiddleware(stage('received'), decodeAndValidate);
  const inScope = settings.ambientScope
    ? (context: DeliveryContext) => runInMessageScope(context, () => outer(context))
    : outer;

  const metricAttributes = attributesPerMessageType({
    ...transportAttributes(settings.transport),
    'messaging.consumer.group.name': endpoint.name,
    'messaging.operation.name': 'process',
  });
  const describeSpan = (context: DeliveryContext): MessageSpanOptions => ({
    name: `process ${context.envelope.topic}`,
    kind: SpanKind.CONSUMER,
    linkToParent: true,
    attributes: {
      ...metricAttributes(context.envelope.topic, context.envelope.type),
      'messaging.operation.type': 'process',
      'messaging.message.id': context.envelope.id,
      'messaging.message.conversation_id': context.correlationId,
      'messaging.message.body.size': context.envelope.body.byteLength,
      [DELIVERY_ATTEMPT_ATTRIBUTE]: context.attempt,
      ...context.delivery.spanAttributes?.(),
    },
  });

  return async (delivery) => {
    const started = performance.now();
    const envelope = withTextHeaders(delivery.message);
    const context = new DeliveryContext(
      settings.service,
      endpoint.name,
      settings.transport.name,
      delivery,
      envelope,
      logger,
    );
    const attributes = metricAttributes(envelope.topic, envelope.type);
    instruments.consumed.add(1, attributes);
    const span = startMessageSpan(
      instruments.tracer,
      extractTraceContext(envelope.headers),
      describeSpan,
      context,
    );
    context.traceContext = span.context;
    let outcome = attributes;
    try {
      await span.activate(inScope, context);
      span.succeed();
      if (!(await settle(settings, context, 'ack', attributes, started))) return;
      if (!context.skipped) instruments.handled.add(1, attributes);
      if (events.listened) {
        const outcome = context.skipped
          ? ({ kind: 'skipped', reason: context.skipped.reason } as const)
          : ({ kind: 'handled' } as const);
        events.emit({ ...outcome, ...eventBase(context), durationMs: performance.now() - started });
      }
    } catch (error) {
      span.fail(error);
      outcome = { ...attributes, 'error.type': errorCodeOf(error) };
      if (error instanceof ReleasedAtShutdownError) {
        logger.info({ endpoint: endpoint.name, messageId: envelope.id }, error.message);
        await settle(settings, context, 'release', attributes, started);
      } else {
        await settleFailure(settings, context, error, attributes, started);
      }
    } finally {
      instruments.processDuration.record((performance.now() - started) / 1000, outcome);
      span.end();
    }
  };
}

const DONE: Promise<void> = Promise.resolve();
