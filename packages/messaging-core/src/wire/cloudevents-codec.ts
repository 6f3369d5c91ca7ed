import type { MessageHeaders } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import {
  attributesFromPrefixedHeaders,
  cloudEventOf,
  messageOfCloudEvent,
  prefixedAttributeHeaders,
} from './cloudevents-attributes.js';
import {
  CLOUDEVENTS_JSON,
  decodeStructuredCloudEvent,
  encodeStructuredCloudEvent,
  isStructuredCloudEvent,
} from './cloudevents-structured.js';
import type { WireFormat } from './wire-format.js';

/**
 * A broker message reduced to what every CloudEvents protocol binding uses: the protocol's content type, the
 * body, and the headers (Kafka headers, AMQP application properties) as text. A transport's codec maps these
 * onto its client's message and back; the binding's attribute prefix is the only other difference.
 */
export interface CloudEventWireParts {
  readonly contentType: string | undefined;
  readonly body: Uint8Array;
  readonly headers: MessageHeaders;
}

/** The prefixes of the AMQP binding: `cloudEvents_` is written (JMS-safe, preferred); both are read. */
export const AMQP_CLOUDEVENTS_PREFIXES = {
  written: 'cloudEvents_',
  read: ['cloudEvents_', 'cloudEvents:'],
} as const;
/** The Kafka binding's prefix. */
export const KAFKA_CLOUDEVENTS_PREFIX = 'ce_';

/**
 * A message as a CloudEvent in binary mode (attributes as prefixed headers, `datacontenttype` as the content
 * type, the body as is) or structured mode (the JSON event format as the body). Toolkit headers without an
 * attribute come along as headers; the transport adds its own.
 */
export function encodeCloudEvent(
  message: TransportMessage,
  format: Exclude<WireFormat, 'native'>,
  attributePrefix: string,
): CloudEventWireParts {
  const { attributes, headers } = cloudEventOf(message);
  if (format === 'cloudevents-structured') {
    return {
      contentType: CLOUDEVENTS_JSON,
      body: encodeStructuredCloudEvent(attributes, message.body),
      headers,
    };
  }
  return {
    contentType: attributes.datacontenttype,
    body: message.body,
    headers: { ...headers, ...prefixedAttributeHeaders(attributes, attributePrefix) },
  };
}

/**
 * Whether a broker message can be a CloudEvent: a structured content type, or a `specversion` attribute header.
 * Cheap, so a transport asks it before copying a message's headers for decodeCloudEvent (most messages are not).
 */
export function mayBeCloudEvent(
  contentType: string | undefined,
  headers: Readonly<Record<string, string | undefined>>,
  attributePrefixes: readonly string[],
): boolean {
  if (isStructuredCloudEvent(contentType)) return true;
  for (const prefix of attributePrefixes) if (headers[`${prefix}specversion`] !== undefined) return true;
  return false;
}

/**
 * The envelope of a broker message that is a CloudEvent in either mode, whoever produced it, or undefined for any
 * other message. `parts.headers` must not hold the transport's own headers. A structured event that cannot be read
 * is left to the native path too: its content type is not JSON, so core dead-letters it with the reason.
 */
export function decodeCloudEvent(
  parts: CloudEventWireParts,
  topic: string,
  attributePrefixes: readonly string[],
): TransportMessage | undefined {
  if (!mayBeCloudEvent(parts.contentType, parts.headers, attributePrefixes)) return undefined;
  if (isStructuredCloudEvent(parts.contentType)) {
    try {
      const { attributes, body } = decodeStructuredCloudEvent(parts.body);
      return messageOfCloudEvent(attributes, {
        format: 'cloudevents-structured',
        topic,
        body,
        headers: parts.headers,
      });
    } catch {
      return undefined;
    }
  }
  const { attributes, rest } = attributesFromPrefixedHeaders(parts.headers, attributePrefixes);
  if (parts.contentType !== undefined) attributes.datacontenttype = parts.contentType;
  return messageOfCloudEvent(attributes, {
    format: 'cloudevents-binary',
    topic,
    body: parts.body,
    headers: rest,
  });
}
