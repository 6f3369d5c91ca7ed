import type { MessageContract } from '../contracts/define-message.js';
import { jsonSerializer } from '../contracts/serializer.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import { LifecycleError, PublishError } from '../errors.js';
import type { BusEvents } from '../observability/bus-events.js';
import type { Instruments } from '../observability/telemetry.js';
import type { Publish } from '../pipeline/handler-context.js';
import type { MessageScope } from '../pipeline/message-scope.js';
import type { MessagingExtension } from '../pipeline/messaging-extension.js';
import type { ProduceContext, PublishOptions } from '../pipeline/produce-context.js';
import { createProducePipeline, type ProducePipeline } from '../pipeline/produce-pipeline.js';
import type { Topology } from '../topology/topology.js';
import type { Transport } from '../transport/transport.js';
import type { MessagingState } from './messaging-health.js';
import type { MessagingOptions } from './messaging-options.js';
import { PublishTracker } from './publish-tracker.js';

export interface PublisherSettings {
  readonly service: string;
  readonly transport: Transport;
  readonly options: Pick<
    MessagingOptions,
    'strictTopics' | 'serializer' | 'wireFormat' | 'middleware' | 'messageScope'
  >;
  readonly instruments: Instruments;
  readonly events: BusEvents;
  readonly extensions: readonly MessagingExtension[];
  readonly state: () => MessagingState;
  /** The produce pipeline's last step (reliability/: the outbox or the transport). */
  readonly dispatch: (envelope: TransportMessage, context: ProduceContext) => Promise<void>;
}

/**
 * The publishing side of a bus: what may be published when, the produce pipeline (built at start, with the
 * extensions' produce steps), the publishes in flight (stop() waits for them) and the health of sending.
 */
export class BusPublisher {
  private pipeline: ProducePipeline | undefined;
  /** The topics of `publishes` and of the endpoints' subscriptions, known from start(). */
  private declaredTopics: ReadonlySet<string> = new Set();
  readonly inFlight = new Set<Promise<void>>();
  readonly tracker = new PublishTracker();

  constructor(private readonly settings: PublisherSettings) {}

  /** Whether a publish finds its message scope in AsyncLocalStorage when none is passed. */
  get ambientScope(): boolean {
    return this.settings.options.messageScope !== 'explicit';
  }

  /** The topics publishing is checked against (strictTopics), from the bus's topology at start. */
  declare(topology: Topology): void {
    this.declaredTopics = new Set(topology.topics.map((topic) => topic.name));
  }

  /** First thing at start, when no extension can be added any more. */
  createPipeline(): void {
    const { service, transport, options, instruments, events, extensions } = this.settings;
    this.pipeline = createProducePipeline({
      service,
      transportName: transport.name,
      transportTelemetry: transport.telemetry,
      maxMessageBytes: transport.capabilities.maxMessageBytes,
      serializer: options.serializer ?? jsonSerializer,
      wireFormat: options.wireFormat,
      instruments,
      events,
      middleware: [
        ...extensions.flatMap((extension) => extension.produceSteps ?? []),
        ...(options.middleware?.produce ?? []),
      ],
      dispatch: this.settings.dispatch,
      ambientScope: this.ambientScope,
    });
  }

  /** Publish as part of `scope` (a handled message, a transaction); without one, the ambient scope if enabled. */
  publishIn(
    contract: MessageContract<unknown, unknown>,
    message: unknown,
    options: PublishOptions | undefined,
    scope: MessageScope | undefined,
  ): Promise<void> {
    const state = this.settings.state();
    if (!this.pipeline || (state !== 'started' && state !== 'stopping')) {
      return Promise.reject(
        new LifecycleError(`Cannot publish "${contract.type}" while the bus is ${state}; call start() first`),
      );
    }
    if (this.settings.options.strictTopics && !this.declaredTopics.has(contract.topic)) {
      return Promise.reject(undeclaredTopicError(contract, this.settings.service));
    }
    const published = this.pipeline(contract, message, options, scope);
    this.inFlight.add(published);
    const forget = () => this.inFlight.delete(published);
    published.then(forget, forget);
    return published;
  }

  /** A `publish` that belongs to `scope`. */
  publisherIn(scope: MessageScope): Publish {
    return (contract, message, options) =>
      this.publishIn(contract as MessageContract<unknown, unknown>, message, options, scope);
  }

  /**
   * Hands messages to the transport now (direct publishes and the outbox relay), following its health. Not an
   * async function: its frame, and the messages with it, would stay reachable until the broker confirmed.
   */
  sendNow(messages: readonly TransportMessage[]): Promise<void> {
    try {
      return this.settings.transport.send(messages).then(this.sent, this.sendFailed);
    } catch (error) {
      this.tracker.failed(error);
      return Promise.reject(error);
    }
  }

  private readonly sent = (): void => {
    this.tracker.succeeded();
  };

  private readonly sendFailed = (error: unknown): never => {
    this.tracker.failed(error);
    throw error;
  };
}

function undeclaredTopicError(contract: MessageContract<unknown, unknown>, service: string): PublishError {
  return new PublishError(
    `Cannot publish "${contract.type}": topic "${contract.topic}" is not declared by service "${service}" (strictTopics). Add the contract to createMessaging({ publishes: [...] }), or check the contract's topic for a typo`,
    { retryable: false },
  );
}
