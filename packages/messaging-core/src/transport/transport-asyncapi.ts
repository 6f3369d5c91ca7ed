import type { AsyncApiBindings, AsyncApiParameter, AsyncApiServer } from '../asyncapi/asyncapi-document.js';

/** Where a channel is on the broker, in AsyncAPI terms. */
export interface TransportAsyncApiChannel {
  /** The broker's name for it (an exchange, a queue, a topic); null when it has no single address. */
  readonly address: string | null;
  /** What the broker resources are, for humans (added to the channel's description). */
  readonly description?: string;
  /** The variable parts of `address`, e.g. `{partition}` of an ordered RabbitMQ endpoint's queues. */
  readonly parameters?: Readonly<Record<string, AsyncApiParameter>>;
  readonly bindings?: AsyncApiBindings;
}

export interface TransportAsyncApiTopic extends TransportAsyncApiChannel {
  /** Operation bindings of sending each message type to this topic, by type. */
  readonly send?: Readonly<Record<string, AsyncApiBindings>>;
}

export interface TransportAsyncApiEndpoint extends TransportAsyncApiChannel {
  /** Operation bindings of receiving on this endpoint from each subscribed topic, by topic. */
  readonly receive?: Readonly<Record<string, AsyncApiBindings>>;
}

/**
 * How a transport's resources for a topology appear in an AsyncAPI 3.0 document: the servers, and per topic and
 * endpoint the broker address and the protocol bindings (AMQP, Kafka; an `x-` extension where AsyncAPI has no
 * binding). Only the transport knows its resource names, so it writes these; core writes the rest of the document
 * (channels, operations, messages, payload schemas). See docs/asyncapi.md.
 */
export interface TransportAsyncApi {
  /** Where the brokers are, by server id; never credentials. Empty for an in-process transport. */
  readonly servers: Readonly<Record<string, AsyncApiServer>>;
  /** By topic name. */
  readonly topics: Readonly<Record<string, TransportAsyncApiTopic>>;
  /** By endpoint name. */
  readonly endpoints: Readonly<Record<string, TransportAsyncApiEndpoint>>;
  /** Message bindings, by message type. */
  readonly messages?: Readonly<Record<string, AsyncApiBindings>>;
}
