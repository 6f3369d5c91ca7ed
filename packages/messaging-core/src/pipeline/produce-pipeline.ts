import { randomUUID } from 'node:crypto';
import type { MessageContract } from '../contracts/define-message.js';
import type { Serializer } from '../contracts/serializer.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import type { BusEvents } from '../observability/bus-events.js';
import type { Instruments } from '../observability/telemetry.js';
import type { TransportTelemetry } from '../transport/transport-telemetry.js';
import type { WireFormat } from '../wire/wire-format.js';
import { correlationStep } from './correlation-step.js';
import { currentMessageScope, type MessageScope } from './message-scope.js';
import { composeMiddleware, type Middleware } from './middleware.js';
import type { ProduceContext, PublishOptions } from './produce-context.js';
import { serializeStep } from './serialize-step.js';
import { traceProduceStep } from './trace-produce-step.js';
import { untilAborted } from './until-aborted.js';
import { validateOutgoingStep } from './validate-outgoing-step.js';

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
