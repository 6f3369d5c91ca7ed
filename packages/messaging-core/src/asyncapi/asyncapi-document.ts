/**
 * The part of AsyncAPI 3.0 (https://www.asyncapi.com/docs/reference/specification/v3.0.0) that the generator
 * writes: plain JSON-compatible objects, so a document can be served, saved or handed to AsyncAPI tools as is.
 */

/** A JSON Schema (draft-07, which AsyncAPI's default schema format extends). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Bindings by protocol (`amqp`, `kafka`…) or specification extension (`x-…`); each value is that binding's object. */
export type AsyncApiBindings = { readonly [protocol: string]: { readonly [field: string]: unknown } };

export interface AsyncApiReference {
  readonly $ref: string;
}

export interface AsyncApiTag {
  readonly name: string;
  readonly description?: string;
}

export interface AsyncApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly contact?: { readonly name?: string; readonly url?: string; readonly email?: string };
  readonly license?: { readonly name: string; readonly url?: string };
  readonly tags?: readonly AsyncApiTag[];
  readonly externalDocs?: { readonly url: string; readonly description?: string };
}

export interface AsyncApiServer {
  readonly host: string;
  readonly protocol: string;
  readonly protocolVersion?: string;
  readonly pathname?: string;
  readonly title?: string;
  readonly description?: string;
  readonly bindings?: AsyncApiBindings;
}

/** A variable part of a channel address, e.g. `{partition}`. */
export interface AsyncApiParameter {
  readonly description?: string;
  readonly enum?: readonly string[];
}

export interface AsyncApiChannel {
  /** Where messages go on the broker; null when the channel has no single address (a Kafka consumer group). */
  readonly address: string | null;
  readonly title?: string;
  readonly description?: string;
  readonly messages: { readonly [name: string]: AsyncApiReference };
  readonly parameters?: { readonly [name: string]: AsyncApiParameter };
  readonly bindings?: AsyncApiBindings;
}

export interface AsyncApiOperation {
  readonly action: 'send' | 'receive';
  readonly channel: AsyncApiReference;
  readonly title?: string;
  readonly description?: string;
  readonly messages: readonly AsyncApiReference[];
  readonly tags?: readonly AsyncApiTag[];
  readonly bindings?: AsyncApiBindings;
}

export interface AsyncApiMessage {
  /** The contract's message type: its stable wire name. */
  readonly name: string;
  readonly title?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly contentType?: string;
  readonly payload: JsonSchema;
  readonly bindings?: AsyncApiBindings;
}

export interface AsyncApiDocument {
  readonly asyncapi: '3.0.0';
  readonly info: AsyncApiInfo;
  readonly defaultContentType?: string;
  readonly servers?: { readonly [id: string]: AsyncApiServer };
  readonly channels: { readonly [id: string]: AsyncApiChannel };
  readonly operations: { readonly [id: string]: AsyncApiOperation };
  readonly components: { readonly messages: { readonly [name: string]: AsyncApiMessage } };
}
