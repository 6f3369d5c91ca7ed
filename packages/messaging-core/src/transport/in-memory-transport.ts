import { attemptOf } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import { LifecycleError, PublishError } from '../errors.js';
import { describeTopology, type EndpointTopology, type Topology } from '../topology/topology.js';
import {
  type DeadLetterFilter,
  type DeadLetterQueue,
  matchesDeadLetterFilter,
  readDeadLetter,
} from './dead-letter-queue.js';
import { inMemoryAsyncApi } from './in-memory-asyncapi.js';
import { InMemoryBroker, type InMemoryConsumer, type InMemorySettle } from './in-memory-broker.js';
import { deadLetterCopy, replayCopy, retryCopy } from './settlement-messages.js';
import type {
  Delivery,
  DeliveryHandler,
  Subscription,
  Transport,
  TransportCapabilities,
  TransportHealth,
  TransportStatus,
} from './transport.js';
import type { TransportAsyncApi } from './transport-asyncapi.js';

export interface InMemoryTransportOptions {
  /** Share one broker between transports to connect several buses (services or instances) in one process. */
  readonly broker?: InMemoryBroker;
  /** How long a simulated connection loss lasts before the transport reconnects (ms). Default 10. */
  readonly reconnectDelayMs?: number;
  /** Largest message accepted, body and headers (publishing and consuming). Default 16 MiB. */
  readonly maxMessageBytes?: number;
}

const capabilities: TransportCapabilities = {
  delayedDelivery: 'in-process',
  retryDelaysProvisioned: false,
  deadLetter: 'in-process',
  ordering: 'in-process',
  typeFiltering: 'broker',
  unroutableDetection: true,
  nativeDeduplication: false,
  maxMessageBytes: 16 * 1024 * 1024,
  maxDelayMs: 2 ** 31 - 1,
};

interface ActiveConsumer {
  readonly endpoint: EndpointTopology;
  readonly consumer: InMemoryConsumer;
  readonly settled: Set<Promise<void>>;
  pending: number;
  drained?: () => void;
}

/**
 * The in-memory transport: a real implementation of every transport behaviour (fan-out, competing consumers,
 * partitions, delayed retries, dead letters, redelivery after a crash) inside one process. It is the embedded
 * default and the reference the broker transports are compared with.
 */
export class InMemoryTransport implements Transport {
  readonly name = 'memory';
  readonly capabilities: TransportCapabilities;
  readonly broker: InMemoryBroker;
  private status: TransportStatus = 'idle';
  private detail: string | undefined;
  private readonly consumers = new Set<ActiveConsumer>();
  private readonly reconnectDelayMs: number;
  private reconnected: Promise<void> = Promise.resolve();

  constructor(options: InMemoryTransportOptions = {}) {
    this.broker = options.broker ?? new InMemoryBroker();
    this.reconnectDelayMs = options.reconnectDelayMs ?? 10;
    this.capabilities = {
      ...capabilities,
      maxMessageBytes: options.maxMessageBytes ?? capabilities.maxMessageBytes,
    };
  }

  async connect(): Promise<void> {
    if (this.status === 'closed')
      throw new LifecycleError('The in-memory transport was closed; create a new one');
    this.status = 'connected';
  }

  async provision(topology: Topology): Promise<void> {
    await this.whenConnected();
    this.broker.provision(topology);
  }

  async send(messages: readonly TransportMessage[]): Promise<void> {
    await this.whenConnected();
    this.broker.publish(messages.map(copyMessage));
  }

  async consume(endpoint: EndpointTopology, handler: DeliveryHandler): Promise<Subscription> {
    await this.whenConnected();
    const active: ActiveConsumer = {
      endpoint,
      settled: new Set(),
      pending: 0,
      consumer: {
        owner: this,
        concurrency: Math.max(1, endpoint.concurrency),
        inFlight: 0,
        deliver: (entry, settle) => this.deliver(active, entry, settle, handler),
      },
    };
    this.consumers.add(active);
    this.broker.attach(endpoint.name, active.consumer);
    return { stop: () => this.stopConsumer(active) };
  }

  private deliver(
    active: ActiveConsumer,
    entry: { message: TransportMessage; redelivered: boolean },
    settle: InMemorySettle,
    handler: DeliveryHandler,
  ): void {
    const endpoint = active.endpoint.name;
    const message = copyMessage(entry.message);
    // A delivery made before a connection loss can no longer be settled: the broker already took it back.
    const live = (verb: () => boolean) => async () => {
      if (!verb())
        throw new PublishError(`Delivery of "${message.type}" is no longer valid (connection was lost)`);
    };
    const delivery: Delivery = {
      message,
      attempt: attemptOf(message.headers),
      redelivered: entry.redelivered,
      ack: live(settle.ack),
      release: live(settle.requeue),
      retryLater: (delayMs, failure) =>
        live(() =>
          settle.removeAnd(() =>
            this.broker.sendToEndpoint(
              endpoint,
              retryCopy(message, attemptOf(message.headers), failure),
              delayMs,
            ),
          ),
        )(),
      deadLetter: (failure) =>
        live(() =>
          settle.removeAnd(() => this.broker.deadLetters(endpoint).push(deadLetterCopy(message, failure))),
        )(),
    };
    active.pending++;
    const handled: Promise<void> = handler(delivery)
      .catch(() => {
        settle.requeue();
      })
      .finally(() => {
        active.pending--;
        active.settled.delete(handled);
        if (active.pending === 0) active.drained?.();
      });
    active.settled.add(handled);
  }

  private async stopConsumer(active: ActiveConsumer): Promise<void> {
    if (!this.consumers.has(active)) return;
    this.consumers.delete(active);
    // Stop fetching first, then wait for what is in flight.
    this.broker.detach(active.endpoint.name, active.consumer);
    await Promise.all(active.settled);
  }

  deadLetters(endpoint: string): DeadLetterQueue {
    const broker = this.broker;
    const take = (filter: DeadLetterFilter | undefined): TransportMessage[] => {
      const queue = broker.deadLetters(endpoint);
      const taken = queue.filter((message) => matchesDeadLetterFilter(readDeadLetter(message), filter));
      const remaining = queue.filter((message) => !taken.includes(message));
      queue.splice(0, queue.length, ...remaining);
      return taken;
    };
    return {
      list: async ({ limit } = {}) => broker.deadLetters(endpoint).slice(0, limit).map(readDeadLetter),
      replay: async (filter) => {
        const taken = take(filter);
        for (const message of taken) broker.sendToEndpoint(endpoint, replayCopy(message));
        return taken.length;
      },
      purge: async (filter) => take(filter).length,
    };
  }

  health(): TransportHealth {
    return { status: this.status, detail: this.detail };
  }

  describe(topology: Topology): string {
    return `In-memory broker (this process only):\n${describeTopology(topology)}`;
  }

  asyncApi(topology: Topology): TransportAsyncApi {
    return inMemoryAsyncApi(topology);
  }

  /**
   * Drop the connection: every delivery this transport holds goes back to the broker (redelivered), sends wait, and
   * after `reconnectDelayMs` the consumers attach again. A temporary endpoint's queue goes away with its last
   * consumer, as on a real broker, so reconnecting declares it again before attaching (what was in it is gone).
   */
  async simulateConnectionLoss(): Promise<void> {
    if (this.status !== 'connected') return;
    this.status = 'reconnecting';
    const consumers = [...this.consumers];
    for (const active of consumers) this.broker.detach(active.endpoint.name, active.consumer);
    // The broker takes the held messages back; late settlements by the handlers then fail, as on a dead channel.
    this.broker.returnUnsettled(this);
    this.reconnected = new Promise((resolve) => {
      setTimeout(() => {
        this.reconnect(consumers);
        resolve();
      }, this.reconnectDelayMs);
    });
  }

  /** Runs from a timer, so it must not throw: a failure to reconnect is reported by `health()` and sends. */
  private reconnect(consumers: readonly ActiveConsumer[]): void {
    if (this.status !== 'reconnecting') return;
    try {
      for (const active of consumers) {
        if (!this.consumers.has(active)) continue;
        this.broker.provision({ topics: [], endpoints: [active.endpoint] });
        this.broker.attach(active.endpoint.name, active.consumer);
      }
      this.status = 'connected';
      this.detail = undefined;
    } catch (error) {
      this.status = 'failed';
      this.detail = `reconnecting failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async close(): Promise<void> {
    if (this.status === 'closed') return;
    for (const active of this.consumers) this.broker.detach(active.endpoint.name, active.consumer);
    this.consumers.clear();
    this.broker.returnUnsettled(this);
    this.status = 'closed';
  }

  private async whenConnected(): Promise<void> {
    if (this.status === 'idle') await this.connect();
    if (this.status === 'closed') throw new LifecycleError('The in-memory transport is closed');
    await this.reconnected;
    if (this.status === 'failed') {
      throw new LifecycleError(`The in-memory transport lost its connection for good: ${this.detail}`);
    }
  }
}

// Consumers must never see the publisher's objects: on a real broker they are copies.
function copyMessage(message: TransportMessage): TransportMessage {
  return { ...message, headers: { ...message.headers }, body: new Uint8Array(message.body) };
}

export function createInMemoryTransport(options: InMemoryTransportOptions = {}): InMemoryTransport {
  return new InMemoryTransport(options);
}
