import type { TransportMessage } from '../contracts/transport-message.js';
import type { EndpointTopology, Topology } from '../topology/topology.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import type { TransportAsyncApi } from './transport-asyncapi.js';
import type { TelemetryAttributes, TransportTelemetry } from './transport-telemetry.js';

/**
 * What a broker can do natively. Core reads these flags to decide what it must emulate, to compute each
 * endpoint's recovery plan, and to reject settings a transport cannot honour — at start, with a clear error.
 */
export interface TransportCapabilities {
  /** How `retryLater(delay)` is realised. */
  readonly delayedDelivery: 'native-scheduling' | 'retry-queues' | 'retry-topics' | 'in-process';
  /** True when every retry delay must be known at provisioning time (one broker resource per delay). */
  readonly retryDelaysProvisioned: boolean;
  /** Where dead letters live. */
  readonly deadLetter: 'native' | 'dead-letter-queue' | 'dead-letter-topic' | 'in-process';
  /** How per-key order is kept on endpoints with partitions. */
  readonly ordering: 'partitioned-queues' | 'log-partitions' | 'sessions' | 'in-process';
  /** Whether the broker only delivers subscribed types ('broker') or the consumer must skip others ('consumer'). */
  readonly typeFiltering: 'broker' | 'consumer';
  /** Whether the broker can report a message that reached no endpoint (RabbitMQ's mandatory flag). */
  readonly unroutableDetection: boolean;
  /** Whether the broker can drop duplicate message ids by itself. */
  readonly nativeDeduplication: boolean;
  /** Largest serialized message (body and headers) the broker accepts, in bytes. */
  readonly maxMessageBytes: number;
  /** Longest delay `retryLater` supports, in ms. */
  readonly maxDelayMs: number;
}

export type TransportStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed' | 'failed';

export interface TransportHealth {
  readonly status: TransportStatus;
  /** Human-readable detail, e.g. the last connection error (never credentials). */
  readonly detail?: string | undefined;
}

/** Why a message is being retried or dead-lettered. Written to the message's `failure-*` headers. */
export interface FailureDetails {
  /** A short machine-readable reason: the error's code or class name. */
  readonly reason: string;
  readonly message: string;
  readonly stack?: string | undefined;
  readonly endpoint: string;
  /** How many deliveries were made (delayed retries count, immediate retries do not). */
  readonly attempts: number;
}

/**
 * One message handed to a consumer, with the settlement verbs. Core settles every delivery exactly once.
 */
export interface Delivery {
  readonly message: TransportMessage;
  /** 1 for the first delivery; read from the `attempt` header, so it survives restarts. */
  readonly attempt: number;
  /** The broker says this delivery may have been seen before (a crash before ack, a connection loss). */
  readonly redelivered: boolean;
  /**
   * Optional: aborted when the transport knows this delivery can no longer be settled (its lock expired, its
   * channel or consumer closed); the broker will deliver it again. Handlers see it in `ctx.signal`.
   */
  readonly signal?: AbortSignal;
  /** Done: remove the message. */
  ack(): Promise<void>;
  /** Remove it now and deliver it again to this endpoint only, after `delayMs`, with `attempt` + 1. */
  retryLater(delayMs: number, failure: FailureDetails): Promise<void>;
  /** Move it to this endpoint's dead-letter queue with the failure in its headers. */
  deadLetter(failure: FailureDetails): Promise<void>;
  /** Give it back to the broker at once without counting an attempt (used on shutdown). */
  release(): Promise<void>;
  /** Optional: broker-specific attributes of this delivery's process span (partition, offset…); called only for recorded spans. */
  spanAttributes?(): TelemetryAttributes;
}

export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

export interface Subscription {
  /** Stop fetching, wait until every delivery already handed out is settled, then detach. */
  stop(): Promise<void>;
}

/**
 * The transport SPI: all a broker integration implements. Everything else (contracts, validation, retries,
 * outbox, inbox, tracing) lives in core and works the same on every transport.
 */
export interface Transport {
  /** Short name used in logs and in the recovery plan: `memory`, `rabbitmq`, `kafka`, `azure-service-bus`. */
  readonly name: string;
  readonly capabilities: TransportCapabilities;
  /** Optional: how spans and metrics name the broker (`messaging.system.name`, `server.address`…). */
  readonly telemetry?: TransportTelemetry;
  connect(): Promise<void>;
  /** Create what the topology needs. Idempotent: running it twice changes nothing. */
  provision(topology: Topology): Promise<void>;
  /**
   * Resolve only once the broker has durably accepted every message (publisher confirms, acks=all…);
   * reject with a PublishError that names the topic and type otherwise. Never drop a message silently.
   */
  send(messages: readonly TransportMessage[]): Promise<void>;
  consume(endpoint: EndpointTopology, handler: DeliveryHandler): Promise<Subscription>;
  /** Inspect, replay and purge an endpoint's dead letters. */
  deadLetters(endpoint: string): DeadLetterQueue;
  health(): TransportHealth;
  /** The broker resources this transport creates for a topology, for humans. */
  describe(topology: Topology): string;
  /**
   * The same resources in AsyncAPI 3.0 terms: servers, addresses and protocol bindings per topic and endpoint, for
   * `messaging.asyncApi()`. Never connects: a bus that was never started describes itself. A transport without
   * AsyncAPI bindings for its protocol returns the addresses alone (an `x-` extension can carry the rest).
   */
  asyncApi(topology: Topology): TransportAsyncApi;
  /** Close connections. Unsettled deliveries are returned to the broker (redelivered later). */
  close(): Promise<void>;
  /**
   * Drop the broker connection(s) as a network failure would (fault injection, failure drills, tests). Resolves
   * once the connection is cut and the transport has noticed; it then recovers by itself exactly as from a real
   * loss: it reconnects, declares again what it provisioned (temporary endpoints included) and re-attaches its
   * consumers, and the broker redelivers what was unacknowledged at the cut. Recovery never throws out of a timer:
   * a failure shows in `health()`. Does nothing while the transport is not connected.
   */
  simulateConnectionLoss(): Promise<void>;
}
