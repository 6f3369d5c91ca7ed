import { randomUUID } from 'node:crypto';
import type { EndpointOptions } from '../../bus/endpoint.js';
import { createMessaging, type Messaging } from '../../bus/messaging.js';
import type { MessagingOptions } from '../../bus/messaging-options.js';
import { defineMessage, type MessageContract } from '../../contracts/define-message.js';
import type { BusEvent } from '../../observability/bus-events.js';
import type { HandlerContext } from '../../pipeline/handler-context.js';
import type { Transport } from '../../transport/transport.js';
import { ConditionWaiter } from '../condition-waiter.js';
import { type SampleMessage, sampleSchema } from '../sample-schema.js';

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

/**
 * One test's world: unique topic, type and endpoint names (so tests never see each other's messages on a
 * shared broker), buses it creates and stops, and a record of every handled message and bus event.
 */
export class ConformanceFixture {
  readonly runId = randomUUID().slice(0, 8);
  readonly received: ReceivedMessage[] = [];
  readonly events: (BusEvent & { bus: string })[] = [];
  readonly waiter = new ConditionWaiter();
  private readonly buses: Messaging[] = [];
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
        return `${event.bus}: ${verb} of ${event.type} failed: ${error instanceof Error ? error.message : String(error)}`;
      });
  }

  endpointOptions(options: EndpointOptions = {}): EndpointOptions {
    return { concurrency: 4, ...options };
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.buses.map((bus) => bus.stop()));
  }
}
