import { type Attributes, SpanKind } from '@opentelemetry/api';
import type { MessageContract } from '../contracts/define-message.js';
import { Headers } from '../contracts/headers.js';
import type { Serializer } from '../contracts/serializer.js';
import { errorCodeOf, isRetryable, UnknownMessageTypeError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import { startMessageSpan } from '../observability/message-spans.js';
import {
  attributesPerMessageType,
  DELIVERY_ATTEMPT_ATTRIBUTE,
  type Instruments,
  MESSAGE_TYPE_ATTRIBUTE,
  OWN_NAMESPACE,
  transportAttributes,
} from '../observability/telemetry.js';
import { extractTraceContext } from '../observability/trace-context.js';
import type { ConsumeContext } from '../pipeline/consume-context.js';
import { decodeStep, envelopeStep, sizeStep, withTextHeaders } from '../pipeline/decode-step.js';
import { withImmediateRetries } from '../pipeline/immediate-retries.js';
import { composeMiddleware, type Middleware } from '../pipeline/middleware.js';
import type { PublishOptions } from '../pipeline/produce-context.js';
import { validateStep } from '../pipeline/validate-step.js';
import { outlastStoreOutages, ReleasedAtShutdownError } from '../reliability/outlast-store-outages.js';
import type { StoreWatch } from '../reliability/store-watch.js';
import { requireTransaction } from '../reliability/unit-of-work.js';
import type { EndpointTopology } from '../topology/topology.js';
import type { DeliveryHandler, FailureDetails, TransportCapabilities } from '../transport/transport.js';
import type { TransportTelemetry } from '../transport/transport-telemetry.js';
import type { BusEvents, SettlementVerb } from './bus-events.js';
import type { ConsumeStage, Endpoint } from './endpoint.js';
import type { HandlerContext, Publish } from './handler-context.js';
import { HandlerSignal } from './handler-signal.js';
import { type MessageScope, runInMessageScope } from './message-scope.js';
import type { RetryPolicy } from './retry-policy.js';

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
  readonly endpoint: Endpoint;
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
  /** With a store: deliveries that fail because it is unreachable wait for it instead of using up their retries. */
  readonly storeWatch?: StoreWatch | undefined;
  /** Resolves when the bus stops (a delivery waiting for the store is then given back to the broker). */
  readonly stopping: Promise<void>;
}

export type ScopedPublish = (
  contract: MessageContract<unknown, unknown>,
  message: unknown,
  options: PublishOptions | undefined,
  scope: MessageScope,
) => Promise<void>;

/**
 * Builds the function a transport calls for every delivery of one endpoint:
 * trace → [received] → envelope (id, type) → resolve handler → size → decode → validate → [validated] → immediate retries (
 *   inner steps → [handler] → handler ) → settle (ack, delayed retry or dead letter).
 */
export function createConsumePipeline(settings: ConsumePipelineSettings): DeliveryHandler {
  const { endpoint, policy, logger, events, instruments, storeWatch } = settings;
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
      resolveHandlerStep(settings),
      sizeStep(settings.transport.capabilities.maxMessageBytes),
      decodeStep(settings.serializer),
      validateStep,
      ...stage('validated'),
    ],
    (context) =>
      withImmediateRetries(
        storeWatch
          ? () =>
              outlastStoreOutages(
                () => inner(context),
                storeWatch,
                settings.stopping,
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

function resolveHandlerStep(settings: ConsumePipelineSettings): Middleware<ConsumeContext> {
  return async (context, next) => {
    const registered = settings.endpoint.handlers.get(context.envelope.type);
    if (registered) {
      context.contract = registered.contract;
      return next();
    }
    // On brokers that filter by type, an unknown type means a misrouted message: keep it for a human.
    if (settings.transport.capabilities.typeFiltering === 'broker') {
      throw new UnknownMessageTypeError(context.envelope.type, settings.endpoint.name);
    }
    // On logs (Kafka), an endpoint reads every type of its topics and skips the ones it does not handle.
    context.skipped = { reason: 'not-subscribed' };
  };
}

async function settleFailure(
  settings: ConsumePipelineSettings,
  context: ConsumeContext,
  error: unknown,
  attributes: Attributes,
  durationMs: () => number,
): Promise<void> {
  const { delivery } = context;
  const delay = settings.policy.delays[delivery.attempt - 1];
  const retry = isRetryable(error) && delay !== undefined;
  emitFailure(settings, context, error, retry ? 'later' : 'no');
  const failure = failureOf(error, settings.endpoint.name, delivery.attempt);
  if (retry) {
    settings.logger.warn(
      {
        endpoint: settings.endpoint.name,
        messageId: context.envelope.id,
        type: context.envelope.type,
        delayMs: delay,
        attempt: delivery.attempt,
        err: error,
      },
      'Handling failed; delayed retry scheduled',
    );
    const settled = await settle(
      settings,
      context,
      'retryLater',
      () => delivery.retryLater(delay, failure),
      attributes,
      durationMs,
    );
    if (!settled) return;
    settings.instruments.retried.add(1, attributes);
    settings.events.emit({
      kind: 'retry-scheduled',
      ...eventBase(context),
      delayMs: delay,
      error,
      durationMs: durationMs(),
    });
    return;
  }
  settings.logger.error(
    {
      endpoint: settings.endpoint.name,
      messageId: context.envelope.id,
      type: context.envelope.type,
      attempt: delivery.attempt,
      err: error,
    },
    'Message dead-lettered',
  );
  const settled = await settle(
    settings,
    context,
    'deadLetter',
    () => delivery.deadLetter(failure),
    attributes,
    durationMs,
  );
  if (!settled) return;
  settings.instruments.deadLettered.add(1, attributes);
  settings.events.emit({ kind: 'dead-lettered', ...eventBase(context), error, durationMs: durationMs() });
}

function emitFailure(
  settings: ConsumePipelineSettings,
  context: ConsumeContext,
  error: unknown,
  willRetry: 'immediately' | 'later' | 'no' | 'when-the-store-answers',
): void {
  settings.instruments.failed.add(1, {
    'messaging.consumer.group.name': settings.endpoint.name,
    [MESSAGE_TYPE_ATTRIBUTE]: context.envelope.type,
    'error.type': errorCodeOf(error),
  });
  settings.events.emit({ kind: 'failed', ...eventBase(context), error, willRetry, durationMs: 0 });
}

/**
 * A settlement that fails (connection lost, lock expired) is not fatal: the broker still holds the message and
 * delivers it again. It is not success either: it is reported as `settlement-failed` and counted, and the caller
 * reports no outcome. Resolves to whether the broker took the settlement.
 */
async function settle(
  settings: ConsumePipelineSettings,
  context: ConsumeContext,
  verb: SettlementVerb,
  action: () => Promise<void>,
  attributes: Attributes,
  durationMs: () => number,
): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    context.logger.warn(
      { endpoint: context.endpoint, messageId: context.envelope.id, verb, err: error },
      'Settlement failed; the broker will deliver the message again',
    );
    settings.instruments.settlementFailed.add(1, {
      ...attributes,
      [`${OWN_NAMESPACE}.settlement.verb`]: verb,
    });
    settings.events.emit({
      kind: 'settlement-failed',
      ...eventBase(context),
      verb,
      error,
      durationMs: durationMs(),
    });
    return false;
  }
}

function eventBase(context: ConsumeContext) {
  return {
    endpoint: context.endpoint,
    type: context.envelope.type,
    messageId: context.envelope.id,
    attempt: context.attempt,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function failureOf(error: unknown, endpoint: string, attempts: number): FailureDetails {
  return {
    reason: errorCodeOf(error),
    message: errorMessage(error),
    stack: error instanceof Error ? error.stack : undefined,
    endpoint,
    attempts,
  };
}

function handlerContextOf(
  context: ConsumeContext,
  publishIn: ScopedPublish,
  signal: HandlerSignal,
): HandlerContext {
  const { envelope } = context;
  const scope = context.scope!;
  const publish: Publish = (contract, message, options) =>
    publishIn(contract as MessageContract<unknown, unknown>, message, options, scope);
  return {
    messageId: envelope.id,
    type: envelope.type,
    topic: envelope.topic,
    key: envelope.key,
    endpoint: context.endpoint,
    headers: envelope.headers,
    attempt: context.attempt,
    redelivered: context.delivery.redelivered,
    correlationId: envelope.headers[Headers.correlationId] ?? envelope.id,
    envelope,
    logger: context.logger,
    publish,
    items: context.items,
    get tx() {
      return requireTransaction(context.items, context.endpoint);
    },
    get signal() {
      return signal.signal;
    },
  };
}
