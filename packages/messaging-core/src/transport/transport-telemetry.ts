import type { TransportMessage } from '../contracts/transport-message.js';

/** Attribute values as OpenTelemetry takes them, without OpenTelemetry types, so a transport needs none. */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean>>;

/**
 * How a transport describes its broker to OpenTelemetry, in the terms of the messaging semantic conventions
 * (v1.45). Optional: without it, spans and metrics name the transport's `name` as `messaging.system.name`.
 */
export interface TransportTelemetry {
  /** `messaging.system.name`: `rabbitmq`, `kafka`, `azure.servicebus`… */
  readonly system: string;
  /** On every span and metric of the transport: `server.address`, `server.port`. Never credentials. */
  readonly attributes?: TelemetryAttributes;
  /** Broker-specific attributes of a publish span, e.g. RabbitMQ's `rabbitmq.destination.routing_key`. */
  publishAttributes?(message: Pick<TransportMessage, 'topic' | 'type' | 'key'>): TelemetryAttributes;
}
