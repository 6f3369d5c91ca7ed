import { randomUUID } from 'node:crypto';
import type { MessageContract } from '../contracts/define-message.js';
import type { Serializer } from '../contracts/serializer.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import type { BusEvents } from '../observability/bus-events.js';
import type { Instruments } from '../observability/telemetry.js';
import type { TransportTelemetry } from '../transport/transport-telemetry.js';
import type { WireFormat } from '../wire/wire-format.js';
import { correlate } from './correlation-step.js';
import { currentMessageScope, type MessageScope } from './message-scope.js';
import { composeMiddleware, type Middleware } from './middleware.js';
import type { ProduceContext, PublishOptions } from './produce-context.js';
import { serializer } from './serialize-step.js';
import { traceProduce } from './trace-produce-step.js';
import { untilAborted } from './until-aborted.js';
import { validateOutgoing } from './validate-outgoing-step.js';

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

/**
 * validate → correlation → trace → [user middleware] → serialize → dispatch. The built-in steps are plain
 * functions called in turn (composed once, here): a publish without user middleware creates one promise of its
 * own, the trace step's, besides what dispatching creates. User middleware keeps its `(context, next)` form.
 */
export function createProducePipeline(settings: ProducePipelineSettings): ProducePipeline {
  const { events } = settings;
  const serialize = serializer(settings);
  const emitPublished = (context: ProduceContext) => {
    events.emit({
      kind: 'published',
      type: context.contract.type,
      messageId: context.id,
      topic: context.contract.topic,
      message: context.message,
    });
  };
  const dispatch = (context: ProduceContext): Promise<void> => {
    const { signal } = context.options;
    const dispatched = settings.dispatch(context.envelope!, context);
    return signal ? untilAborted(dispatched, signal) : dispatched;
  };
  // While someone listens, the handling of this message in this bus is reported after its `published` (BusEvents).
  const dispatchReported = (context: ProduceContext): Promise<void> => {
    const release = () => events.release(context.id);
    events.holdFor(context.id);
    let dispatched: Promise<void>;
    try {
      dispatched = dispatch(context);
    } catch (error) {
      release();
      throw error;
    }
    return dispatched.then(
      () => {
        emitPublished(context);
        release();
      },
      (error: unknown) => {
        release();
        throw error;
      },
    );
  };
  const send = (context: ProduceContext): Promise<void> => {
    serialize(context);
    return events.listened ? dispatchReported(context) : dispatch(context);
  };
  const traced = traceProduce(settings, composeMiddleware(settings.middleware, send));
  const correlateAndTrace = (context: ProduceContext): Promise<void> => {
    correlate(context);
    return traced(context);
  };
  const run = (context: ProduceContext): Promise<void> => {
    // Always a promise: even a synchronous failure of a step is a rejection, never a throw from publish().
    try {
      context.options.signal?.throwIfAborted();
      const validating = validateOutgoing(context);
      return validating ? validating.then(() => correlateAndTrace(context)) : correlateAndTrace(context);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return (contract, message, options = {}, scope = undefined) =>
    run({
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
    });
}
