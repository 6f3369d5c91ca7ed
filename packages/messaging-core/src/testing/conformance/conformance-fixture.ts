import { randomUUID } from 'node:crypto';
import type { EndpointOptions } from '../../bus/endpoint.js';
import { createMessaging, type Messaging } from '../../bus/messaging.js';
import type { MessagingOptions } from '../../bus/messaging-options.js';
import { defineMessage, type MessageContract } from '../../contracts/define-message.js';
import type { TransportMessage } from '../../contracts/transport-message.js';
import type { BusEvent } from '../../observability/bus-events.js';
import type { HandlerContext } from '../../pipeline/handler-context.js';
import type { EndpointTopology } from '../../topology/topology.js';
import type { Delivery, FailureDetails, Subscription, Transport } from '../../transport/transport.js';
import { ConditionWaiter } from '../condition-waiter.js';
import { type SampleMessage, sampleSchema } from '../sample-schema.js';
import { type RawEndpoint, type RawTarget, rawEndpointOf, rawMessageOf } from './raw-endpoint.js';

export interface ConformanceOptions {
  /** Shown in test names, e.g. "rabbitmq". */
  readonly name: string;
  /** Every call returns a new, unconnected transport to the same broker (a new "process"). */
  readonly createTransport: () => Transport | Promise<Transport>;
  /**
   * Cut the transport's broker connection(s) for real, preferably from outside the transport (a broker's
   * management API); the transport must recover by itself. Default: the transport's own `simulateConnectionLoss`.
   */
  readonly cutConnection?: (transport: Transport) => Promise<void>;
  /**
   * The lock or session timeout this run's transport was configured with, when it has one (Service Bus
   * `lockDurationMs`, Kafka `sessionTimeoutMs`): a handler runs longer than this in "a handler slower than the
   * lock or session timeout…", which is skipped without it.
   */
  readonly lockTimeoutMs?: number;
  /** Upper bound for every wait, ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** How late a delayed retry may arrive, ms. Default 5 000 (brokers poll or batch). */
  readonly lateDelayToleranceMs?: number;
  /** How early a delayed retry may arrive, ms (clock granularity). Default 50. */
  readonly earlyDelayToleranceMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
// Room for the work around a wait (starting buses, publishing) once the longest wait has run out.
const TEST_TIMEOUT_MARGIN_MS = 30_000;

/**
 * Each test may wait up to `timeoutMs`; the test runner's own timeout must be longer, or it cuts a slow broker
 * short with a bare "timed out" instead of the wait's description.
 */
export function conformanceTestTimeoutMs(options: Pick<ConformanceOptions, 'timeoutMs'>): number {
  return (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + TEST_TIMEOUT_MARGIN_MS;
}

export interface ReceivedMessage {
  readonly message: SampleMessage;
  readonly context: HandlerContext;
  readonly bus: string;
  readonly at: number;
}

type ContractOf = MessageContract<SampleMessage, SampleMessage>;

/** A delivery a transport-level consumer was handed, in the order the transport handed them. */
export interface HandedDelivery {
  readonly delivery: Delivery;
  readonly consumer: string;
  readonly at: number;
}

/**
 * One test's world: unique topic, type and endpoint names (so tests never see each other's messages on a
 * shared broker), buses it creates and stops, and a record of every handled message and bus event.
 */
export class ConformanceFixture {
  readonly runId = randomUUID().slice(0, 8);
  readonly received: ReceivedMessage[] = [];
  readonly events: (BusEvent & { bus: string })[] = [];
  readonly waiter = new ConditionWaiter();
  /** What transport-level consumers were handed (see `consume`). */
  readonly handed: HandedDelivery[] = [];
  private readonly buses: Messaging[] = [];
  private readonly transports: Transport[] = [];
  private readonly subscriptions: Subscription[] = [];
  /** Settlements a transport-level consumer's default handler saw refused, by consumer label. */
  private readonly refusedSettlements: { consumer: string; error: unknown }[] = [];
  private readonly timeoutMs: number;
  /** Buses whose situation makes a refused settlement expected (a connection cut, a process "dying"). */
  private readonly settlementFailuresExpected = new Set<string>();

  constructor(readonly options: ConformanceOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  name(suffix: string): string {
    return `conf-${this.runId}-${suffix}`;
  }

  contract(suffix: string, topic = 'main'): ContractOf {
    return defineMessage({
      type: `conf.${this.runId}.${suffix}`,
      topic: this.name(topic),
      schema: sampleSchema,
      key: (message) => message.key,
    });
  }

  sample(seq: number, key = 'k', text = `message ${seq}`): SampleMessage {
    return { id: randomUUID(), key, seq, text };
  }

  async bus(
    label: string,
    configure: (bus: Messaging) => void,
    options: Partial<Omit<MessagingOptions, 'transport'>> = {},
  ): Promise<Messaging> {
    const transport = await this.options.createTransport();
    const bus = createMessaging({
      service: this.name(label),
      transport,
      retry: { immediate: 0, delays: [] },
      ...options,
    });
    bus.onEvent((event) => {
      this.events.push({ ...event, bus: label });
      this.waiter.changed();
    });
    configure(bus);
    this.buses.push(bus);
    await bus.start();
    return bus;
  }

  /**
   * Publish during a connection loss: a publish that rejects is the caller's to retry (an outbox does exactly
   * this); one that resolves must arrive.
   */
  async publishUntilAccepted(bus: Messaging, contract: ContractOf, message: SampleMessage): Promise<void> {
    for (let tries = 0; ; tries++) {
      try {
        return await bus.publish(contract, message);
      } catch (error) {
        if (tries >= 20) throw error;
      }
    }
  }

  /** A handler that records what it receives, optionally doing `work` first. */
  recorder(bus: string, work?: (message: SampleMessage, context: HandlerContext) => Promise<void> | void) {
    return async (message: SampleMessage, context: HandlerContext) => {
      await work?.(message, context);
      this.received.push({ message, context, bus, at: Date.now() });
      this.waiter.changed();
    };
  }

  receivedBy(bus: string, type?: string): ReceivedMessage[] {
    return this.received.filter((entry) => entry.bus === bus && (!type || entry.context.type === type));
  }

  until(condition: () => boolean, description: string): Promise<void> {
    return this.waiter.until(
      condition,
      description,
      this.timeoutMs,
      () => `${this.received.length} received, ${this.events.length} events`,
    );
  }

  untilEvent(predicate: (event: BusEvent & { bus: string }) => boolean, description: string): Promise<void> {
    return this.until(() => this.events.some(predicate), description);
  }

  /** The situation cuts `bus`'s connection or kills it: a settlement it cannot make is expected, not a defect. */
  expectSettlementFailures(bus: string): void {
    this.settlementFailuresExpected.add(bus);
  }

  /**
   * Settlements the broker refused on buses where nothing should have refused them. A transport whose ack, retry
   * or dead letter fails must not pass a situation just because the message was handled.
   */
  unexpectedSettlementFailures(): string[] {
    return this.events
      .filter(
        (event) => event.kind === 'settlement-failed' && !this.settlementFailuresExpected.has(event.bus),
      )
      .map((event) => {
        const { verb, error } = event as Extract<BusEvent, { kind: 'settlement-failed' }>;
        return `${event.bus}: ${verb} of ${event.type} failed: ${describeError(error)}`;
      })
      .concat(
        this.refusedSettlements
          .filter((refused) => !this.settlementFailuresExpected.has(refused.consumer))
          .map((refused) => `${refused.consumer}: ack failed: ${describeError(refused.error)}`),
      );
  }

  /**
   * A new transport, connected unless `connect: false`; closed when the situation ends. The transport-level
   * situations' entry point.
   */
  async transport(options: { readonly connect?: boolean } = {}): Promise<Transport> {
    const transport = await this.options.createTransport();
    this.transports.push(transport);
    if (options.connect !== false) await transport.connect();
    return transport;
  }

  /** An endpoint subscribed to one topic and type, with the neutral topology that declares both. */
  rawEndpoint(suffix: string, overrides: Partial<Omit<EndpointTopology, 'name'>> = {}): RawEndpoint {
    return rawEndpointOf(
      {
        endpoint: this.name(suffix),
        topic: this.name(`${suffix}-topic`),
        type: `conf.${this.runId}.${suffix}`,
      },
      this.name('service'),
      overrides,
    );
  }

  /** An envelope as core would send it: JSON body and content type (a first attempt carries no attempt header). */
  rawMessage(target: RawTarget, overrides: Partial<TransportMessage> = {}): TransportMessage {
    return rawMessageOf(target, overrides);
  }

  /**
   * Consume `endpoint` at transport level: every delivery is recorded in `handed` under `consumer`, then given to
   * `handle` (default: ack it). A settlement the default handler sees refused counts as unexpected (see
   * `unexpectedSettlementFailures`). Stopped when the situation ends.
   */
  async consume(
    transport: Transport,
    endpoint: EndpointTopology,
    consumer: string,
    handle?: (delivery: Delivery) => Promise<void>,
  ): Promise<Subscription> {
    const subscription = await transport.consume(endpoint, async (delivery) => {
      this.handed.push({ delivery, consumer, at: Date.now() });
      this.waiter.changed();
      if (handle) return handle(delivery);
      await delivery.ack().catch((error: unknown) => {
        this.refusedSettlements.push({ consumer, error });
      });
    });
    this.subscriptions.push(subscription);
    return subscription;
  }

  handedTo(consumer: string): Delivery[] {
    return this.handed.filter((entry) => entry.consumer === consumer).map((entry) => entry.delivery);
  }

  /** A failure as core would report it when it retries or dead-letters a delivery. */
  failure(endpoint: string, message = 'boom: the handler failed', attempts = 1): FailureDetails {
    return { reason: 'Error', message, stack: `Error: ${message}\n    at conformance`, endpoint, attempts };
  }

  /** Call `waiter.changed()` after state a wait looks at changed outside the fixture's own records. */
  changed(): void {
    this.waiter.changed();
  }

  endpointOptions(options: EndpointOptions = {}): EndpointOptions {
    return { concurrency: 4, ...options };
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.buses.map((bus) => bus.stop()));
    await Promise.allSettled(this.subscriptions.map((subscription) => subscription.stop()));
    await Promise.allSettled(this.transports.map((transport) => transport.close()));
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
