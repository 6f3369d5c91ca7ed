import { DecodeError } from '../errors.js';
import type { CloudEventAttributes } from './cloudevents-attributes.js';

/** The media type of the JSON event format, which every binding uses for structured mode. */
// Lower-case charset, as the SDK writes it (its HTTP binding matches the content type exactly).
export const CLOUDEVENTS_JSON = 'application/cloudevents+json; charset=utf-8';

/** Whether a broker message's content type says it is a structured-mode CloudEvent. */
export function isStructuredCloudEvent(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().startsWith('application/cloudevents') ?? false;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

// JSON data is embedded as JSON (the JSON event format's rule for a JSON `datacontenttype`), anything else as base64.
function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  return media === 'application/json' || media.endsWith('+json') || media === 'text/json';
}

/** The event in the JSON event format: the attributes and `data` (or `data_base64`) in one JSON object. */
export function encodeStructuredCloudEvent(attributes: CloudEventAttributes, body: Uint8Array): Uint8Array {
  const event: Record<string, unknown> = { ...attributes };
  if (isJson(attributes.datacontenttype) && body.byteLength > 0) {
    try {
      event.data = JSON.parse(decoder.decode(body));
    } catch {
      event.data_base64 = Buffer.from(body).toString('base64');
    }
  } else if (body.byteLength > 0) {
    event.data_base64 = Buffer.from(body).toString('base64');
  }
  return encoder.encode(JSON.stringify(event));
}

/** A JSON-format event back to attributes and body bytes; a body that is no such event is a DecodeError. */
export function decodeStructuredCloudEvent(bytes: Uint8Array): {
  readonly attributes: Record<string, string>;
  readonly body: Uint8Array;
} {
  let event: unknown;
  try {
    event = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    throw new DecodeError(`A structured CloudEvent must be UTF-8 JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new DecodeError('A structured CloudEvent must be a JSON object');
  }
  const { data, data_base64: base64, ...rest } = event as Record<string, unknown>;
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (value !== null && value !== undefined)
      attributes[name] = typeof value === 'string' ? value : String(value);
  }
  let body: Uint8Array = new Uint8Array(0);
  if (typeof base64 === 'string') body = new Uint8Array(Buffer.from(base64, 'base64'));
  else if (typeof data === 'string' && !isJson(attributes.datacontenttype)) body = encoder.encode(data);
  else if (data !== undefined) body = encoder.encode(JSON.stringify(data));
  return { attributes, body };
}
