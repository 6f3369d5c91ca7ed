import { SpanKind } from '@opentelemetry/api';
import { Headers } from '../contracts/headers.js';
import type { Serializer } from '../contracts/serializer.js';
import { errorCodeOf } from '../errors.js';
import type { BusEvents } from '../observability/bus-events.js';
import type { Logger } from '../observability/logger.js';
import { startMessageSpan } from '../observability/message-spans.js';
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
import type { ConsumeContext, ConsumeStage } from './consume-context.js';
import { decodeStep, envelopeStep, sizeStep, withTextHeaders } from './decode-step.js';
import { type ConsumingEndpoint, handlerContextOf, type ScopedPublish } from './handler-context.js';
import { HandlerSignal } from './handler-signal.js';
import { withImmediateRetries } from './immediate-retries.js';
import { type MessageScope, runInMessageScope } from './message-scope.js';
import { composeMiddleware, type Middleware } from './middleware.js';
import { ReleasedAtShutdownError } from './released-at-shutdown-error.js';
import { resolveHandlerStep } from './resolve-handler-step.js';
import type { RetryPolicy } from './retry-policy.js';
import { emitFailure, eventBase, settle, settleFailure } from './settle-delivery.js';
import { validateStep } from './validate-step.js';

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
 */
export function createConsumePipeline(settings: ConsumePipelineSettings): DeliveryHandler {
  const { endpoint, policy, logger, events, instruments, outlastOutages } = settings;
  const stage = (name: ConsumeStage) => [...settings.middleware[name], ...endpoint.middleware[name]];

  const inner = composeMiddleware([...settings.innerSteps, ...stage('handler')], async (context) => {
    const { handle } = endpoint.handlers.get(context.envelope.type)!;
    const signal = new HandlerSignal(settings.shutdownSignal, context.delivery.signal);
    try {
      await handle(context.message, handlerContextOf(context, settings.publish, signal));
    } finally {
      signal.release();
    }
  });
  const outer = composeMiddleware(
    [
      ...stage('received'),
      envelopeStep,
      resolveHandlerStep(endpoint, settings.transport.capabilities.typeFiltering),
      sizeStep(settings.transport.capabilities.maxMessageBytes),
      decodeStep(settings.serializer),
      validateStep,
      ...stage('validated'),
    ],
    (context) =>
      withImmediateRetries(
        outlastOutages
          ? () =>
              outlastOutages(
                () => inner(context),
                (error) => emitFailure(settings, context, error, 'when-the-store-answers'),
              )
          : () => inner(context),
        policy.immediate,
        (error, willRetry) => {
          if (willRetry) emitFailure(settings, context, error, 'immediately');
        },
      ),
  );

  const metricAttributes = attributesPerMessageType({
    ...transportAttributes(settings.transport),
    'messaging.consumer.group.name': endpoint.name,
    'messaging.operation.name': 'process',
  });

  return async (delivery) => {
    const started = performance.now();
    const envelope = withTextHeaders(delivery.message);
    const context: ConsumeContext = {
      service: settings.service,
      endpoint: endpoint.name,
      transport: settings.transport.name,
      delivery,
      envelope,
      headers: envelope.headers,
      attempt: delivery.attempt,
      logger,
      items: new Map(),
    };
    const attributes = metricAttributes(envelope.topic, envelope.type);
    instruments.consumed.add(1, attributes);
    const span = startMessageSpan(instruments.tracer, {
      name: `process ${envelope.topic}`,
      kind: SpanKind.CONSUMER,
      parent: extractTraceContext(envelope.headers),
      linkToParent: true,
      attributes: () => ({
        ...attributes,
        'messaging.operation.type': 'process',
        'messaging.message.id': envelope.id,
        'messaging.message.conversation_id': envelope.headers[Headers.correlationId] ?? envelope.id,
        'messaging.message.body.size': envelope.body.byteLength,
        [DELIVERY_ATTEMPT_ATTRIBUTE]: delivery.attempt,
        ...delivery.spanAttributes?.(),
      }),
    });
    const scope: MessageScope = {
      messageId: envelope.id,
      correlationId: envelope.headers[Headers.correlationId] ?? envelope.id,
      traceContext: span.context,
      items: context.items,
    };
    context.scope = scope;
    const durationMs = () => performance.now() - started;
    const run = () => span.activate(() => outer(context));
    let outcome = attributes;
    try {
      await (settings.ambientScope ? runInMessageScope(scope, run) : run());
      span.succeed();
      if (!(await settle(settings, context, 'ack', () => delivery.ack(), attributes, durationMs))) return;
      if (!context.skipped) instruments.handled.add(1, attributes);
      if (events.listened) {
        const outcome = context.skipped
          ? ({ kind: 'skipped', reason: context.skipped.reason } as const)
          : ({ kind: 'handled' } as const);
        events.emit({ ...outcome, ...eventBase(context), durationMs: durationMs() });
      }
    } catch (error) {
      span.fail(error);
      outcome = { ...attributes, 'error.type': errorCodeOf(error) };
      if (error instanceof ReleasedAtShutdownError) {
        logger.info({ endpoint: endpoint.name, messageId: envelope.id }, error.message);
        await settle(settings, context, 'release', () => delivery.release(), attributes, durationMs);
      } else {
        await settleFailure(settings, context, error, attributes, durationMs);
      }
    } finally {
      instruments.processDuration.record(durationMs() / 1000, outcome);
      span.end();
    }
  };
}
