import type { MessageHeaders } from '../contracts/headers.js';

/**
 * How a message travels on the broker: the toolkit's lean native envelope (the default), or a CloudEvents 1.0
 * event through the protocol binding of the broker — binary (attributes in headers, the body as is) or
 * structured (the whole event as `application/cloudevents+json`). See docs/cloudevents.md.
 */
export type WireFormat = 'native' | 'cloudevents-binary' | 'cloudevents-structured';

/**
 * Carries the chosen format from the publishing bus to the transport's encoder, through the outbox, retries and
 * dead letters alike; never on the wire (the encoding itself says it, and decoders write it back).
 */
export const WIRE_FORMAT_HEADER = 'pm-wire-format';

const FORMATS: readonly WireFormat[] = ['native', 'cloudevents-binary', 'cloudevents-structured'];

export function isWireFormat(value: unknown): value is WireFormat {
  return FORMATS.includes(value as WireFormat);
}

/** The format a message is to be written in: its header, else native. */
export function wireFormatOf(headers: Readonly<MessageHeaders>): WireFormat {
  const format = headers[WIRE_FORMAT_HEADER];
  return isWireFormat(format) ? format : 'native';
}

/** Record the format in the headers of a message being published: the contract's, else the bus's. */
export function markWireFormat(
  headers: MessageHeaders,
  contractFormat: WireFormat | undefined,
  busFormat: WireFormat | undefined,
): void {
  const format = contractFormat ?? busFormat ?? 'native';
  if (format === 'native') delete headers[WIRE_FORMAT_HEADER];
  else headers[WIRE_FORMAT_HEADER] = format;
}
