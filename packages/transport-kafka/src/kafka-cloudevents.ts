import {
  attributesFromPrefixedHeaders,
  CLOUDEVENTS_JSON,
  cloudEventOf,
  decodeStructuredCloudEvent,
  encodeStructuredCloudEvent,
  isStructuredCloudEvent,
  messageOfCloudEvent,
  prefixedAttributeHeaders,
  type TransportMessage,
  type WireFormat,
} from '@pragmatic-messaging/core';
import type { IncomingRecord, OutgoingRecord } from './client/kafka-client.js';

/**
 * CloudEvents on Kafka, per the Kafka protocol binding: binary mode puts every attribute in a `ce_` header and
 * `datacontenttype` in `content-type`, the record value is the body; structured mode sends the JSON event format
 * as the value with `content-type: application/cloudevents+json`. The record key stays the message key (the
 * binding's key mapping from the Partitioning extension). Toolkit headers without an attribute travel as they are.
 */
const ATTRIBUTE_PREFIX = 'ce_';
const CONTENT_TYPE = 'content-type';

export function cloudEventRecord(
  message: TransportMessage,
  format: Exclude<WireFormat, 'native'>,
  record: Pick<OutgoingRecord, 'topic' | 'key'>,
  internal: Readonly<Record<string, string>>,
): OutgoingRecord {
  const { attributes, headers } = cloudEventOf(message);
  if (format === 'cloudevents-structured') {
    return {
      ...record,
      value: Buffer.from(encodeStructuredCloudEvent(attributes, message.body)),
      headers: { ...headers, ...internal, [CONTENT_TYPE]: CLOUDEVENTS_JSON },
    };
  }
  const contentType = attributes.datacontenttype;
  return {
    ...record,
    value: Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength),
    headers: {
      ...headers,
      ...internal,
      ...prefixedAttributeHeaders(attributes, ATTRIBUTE_PREFIX),
      ...(contentType === undefined ? {} : { [CONTENT_TYPE]: contentType }),
    },
  };
}

/**
 * The envelope of a record that is a CloudEvent in either mode (whoever produced it), or undefined for any other
 * record. A structured event whose value cannot be read is left to the native path, whose content type then
 * dead-letters it with the reason.
 */
export function messageOfCloudEventRecord(
  record: IncomingRecord,
  topic: string,
  internal: ReadonlySet<string>,
): TransportMessage | undefined {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) if (!internal.has(name)) headers[name] = value;
  const { [CONTENT_TYPE]: contentType, ...others } = headers;
  const value = new Uint8Array(record.value ?? Buffer.alloc(0));
  if (isStructuredCloudEvent(contentType)) {
    try {
      const { attributes, body } = decodeStructuredCloudEvent(value);
      return messageOfCloudEvent(attributes, {
        format: 'cloudevents-structured',
        topic,
        body,
        headers: others,
      });
    } catch {
      return undefined;
    }
  }
  if (headers[`${ATTRIBUTE_PREFIX}specversion`] === undefined) return undefined;
  const { attributes, rest } = attributesFromPrefixedHeaders(others, [ATTRIBUTE_PREFIX]);
  if (contentType !== undefined) attributes.datacontenttype = contentType;
  return messageOfCloudEvent(attributes, { format: 'cloudevents-binary', topic, body: value, headers: rest });
}
