import { getJson } from './http-client';

/** The parts of the AsyncAPI 3.0 document (GET /api/docs/asyncapi.json) the technical area shows. */
export interface AsyncApiRef {
  $ref: string;
}

export interface AsyncApiChannel {
  address: string | null;
  title?: string;
  description?: string;
  messages: Record<string, AsyncApiRef>;
  parameters?: Record<string, { description?: string; enum?: string[] }>;
  bindings?: Record<string, unknown>;
}

export interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: AsyncApiRef;
  title?: string;
  messages: AsyncApiRef[];
  tags?: { name: string }[];
  bindings?: Record<string, unknown>;
}

export interface AsyncApiMessage {
  name: string;
  summary?: string;
  description?: string;
  payload: JsonSchema;
  bindings?: Record<string, unknown>;
}

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  [keyword: string]: unknown;
}

export interface AsyncApiDocument {
  asyncapi: string;
  info: { title: string; version: string; description?: string };
  servers?: Record<
    string,
    { host: string; protocol: string; protocolVersion?: string; description?: string }
  >;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
  components: { messages: Record<string, AsyncApiMessage> };
}

export const ASYNCAPI_PATH = '/api/docs/asyncapi.json';

export const asyncApiApi = {
  document: () => getJson<AsyncApiDocument>(ASYNCAPI_PATH),
};
